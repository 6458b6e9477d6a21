/** Small manifests in the shape of a book chapter's exercises, written for these tests. */

export const WEB = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: calc-web
  labels:
    demo: controllers
spec:
  replicas: 2
  selector:
    matchLabels:
      app: calc-web
  template:
    metadata:
      labels:
        app: calc-web
    spec:
      containers:
        - image: registry.example/calc:1.0
          args: ["--listen", "8080"]
          name: web
          ports:
            - containerPort: 8080
              name: http
`;

export const PROXY_DS = `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: calc-proxy
spec:
  selector:
    matchLabels:
      app: calc-proxy
  template:
    metadata:
      labels:
        app: calc-proxy
    spec:
      containers:
        - image: registry.example/proxy:2.1
          name: proxy
      nodeSelector:
        tier: edge
`;

export const HELLO_RS = `apiVersion: apps/v1
kind: ReplicaSet
metadata:
  name: hello-web
spec:
  replicas: 1
  selector:
    matchLabels:
      app: hello-web
  template:
    metadata:
      labels:
        app: hello-web
    spec:
      containers:
        - image: registry.example/hello:3
          name: web
`;

export const WEB_SERVICE = `apiVersion: v1
kind: Service
metadata:
  name: calc-web
spec:
  ports:
    - port: 8070
      targetPort: http
  selector:
    app: calc-web
`;
