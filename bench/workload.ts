/** Generates manifests shaped like real ones, for benchmarks (no corpus file is copied). */
export function manyDocuments(count: number): string {
  const docs: string[] = [];
  for (let i = 0; docs.length < count; i++) {
    docs.push(deployment(i), service(i));
    if (i % 4 === 0) docs.push(configMap(i));
  }
  return docs.slice(0, count).join('---\n');
}

function deployment(i: number): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web-${i}
  labels:
    app: web-${i}
    tier: frontend
spec:
  replicas: ${(i % 5) + 1}
  selector:
    matchLabels:
      app: web-${i}
  strategy:
    type: RollingUpdate
    rollingUpdate:
      maxSurge: 25%
      maxUnavailable: 0
  template:
    metadata:
      labels:
        app: web-${i}
        tier: frontend
    spec:
      containers:
        - name: web
          image: registry.example.com/web:${i % 7}.2.${i % 3}
          ports:
            - name: http
              containerPort: 8080
          env:
            - name: LOG_LEVEL
              value: info
          readinessProbe:
            httpGet:
              path: /healthz
              port: http
            initialDelaySeconds: 5
          resources:
            requests:
              cpu: 100m
              memory: 64Mi
            limits:
              memory: 128Mi
`;
}

function service(i: number): string {
  return `apiVersion: v1
kind: Service
metadata:
  name: web-${i}
spec:
  selector:
    app: web-${i}
  ports:
    - name: http
      port: 80
      targetPort: http
`;
}

function configMap(i: number): string {
  return `apiVersion: v1
kind: ConfigMap
metadata:
  name: web-${i}-config
data:
  LOG_LEVEL: info
  FEATURE_FLAGS: "a,b,c"
`;
}
