import { strict as assert } from 'node:assert';
import type { KubeObject } from '../../server/src/core/cluster/api';
import { Cluster } from '../../server/src/core/cluster/index';
import {
  runScenario,
  type KubectlCluster,
  type LineResult,
} from '../../server/src/core/kubectl/index';

const FILES: Record<string, string> = {
  '/w/web.yaml':
    'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, labels: {tier: front}}\nspec:\n  selector: {matchLabels: {app: web}}\n' +
    '  template:\n    metadata: {labels: {app: web}}\n    spec:\n      containers:\n' +
    '      - {name: web, image: nginx, ports: [{containerPort: 80}, {containerPort: 53, protocol: UDP}, {containerPort: 53}]}\n',
  '/w/expr.yaml':
    'apiVersion: apps/v1\nkind: ReplicaSet\nmetadata: {name: expr}\nspec:\n  replicas: 0\n' +
    '  selector: {matchExpressions: [{key: app, operator: In, values: [a, b]}]}\n' +
    '  template:\n    metadata: {labels: {app: a}}\n    spec: {containers: [{name: c, image: busybox}]}\n',
  '/w/bare-pod.yaml':
    'apiVersion: v1\nkind: Pod\nmetadata: {name: bare}\nspec: {containers: [{name: c, image: busybox}]}\n',
  '/w/ds.yaml':
    'apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: agent}\nspec:\n  selector: {matchLabels: {app: agent}}\n' +
    '  template:\n    metadata: {labels: {app: agent}}\n    spec: {containers: [{name: a, image: busybox}]}\n',
};

/** A cluster that records the objects kubectl creates, as it sends them. */
function recording(cluster: Cluster, sent: KubeObject[]): KubectlCluster {
  return new Proxy(cluster, {
    get(target, prop) {
      if (prop === 'create')
        return (obj: KubeObject, opts?: { namespace?: string }) => {
          sent.push(structuredClone(obj));
          return target.create(obj, opts);
        };
      const value = Reflect.get(target, prop, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  }) as unknown as KubectlCluster;
}

function run(script: string[], sent: KubeObject[] = []): LineResult[] {
  return runScenario(script.join('\n'), {
    cluster: recording(new Cluster({ minor: '1.35' }), sent),
    cwd: '/w',
    readFile: (p) => FILES[p],
    listDir: () => undefined,
  });
}

function transcript(results: LineResult[]): string {
  return results
    .map((r) => {
      const text = r.output.map((c) => c.text).join('');
      const out = text === '' || text.endsWith('\n') ? text : text + '\n';
      const notes = r.notes
        .filter((n) => !n.startsWith('mid-rollout'))
        .map((n) => `# ${n}\n`)
        .join('');
      return `$ ${r.command}\n${out}${notes}`;
    })
    .join('');
}

function check(name: string, script: string[], expected: string[]): void {
  it(name, () => assert.equal(transcript(run(script)), expected.join('\n') + '\n'));
}

/** The objects the lines after the setup lines sent, as kubectl generated them. */
function sentBy(setup: string[], lines: string[]): KubeObject[] {
  const sent: KubeObject[] = [];
  run(setup);
  const all = run([...setup, ...lines], sent);
  assert.ok(all.every((r) => r.exitCode === 0), transcript(all));
  return sent.slice(sent.length - lines.length);
}

describe('kubectl create deployment', () => {
  it('sends the Deployment the generator builds', () => {
    const [sent] = sentBy([], ['kubectl create deployment web --image=nginx:1.25 --replicas=3 --port=8080']);
    assert.deepEqual(sent, {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', creationTimestamp: null, labels: { app: 'web' } },
      spec: {
        replicas: 3,
        selector: { matchLabels: { app: 'web' } },
        strategy: {},
        template: {
          metadata: { creationTimestamp: null, labels: { app: 'web' } },
          spec: {
            containers: [
              { name: 'nginx', image: 'nginx:1.25', resources: {}, ports: [{ containerPort: 8080 }] },
            ],
          },
        },
      },
      status: {},
    });
  });

  it('names containers after their images, with a command for each and the namespace of -n', () => {
    const [sent] = sentBy(
      [],
      ['kubectl create deploy multi -n kube-public --image=localhost:5000/team/api:1,busybox@sha256:abcd --image=registry.k8s.io/pause:3.9'],
    );
    assert.equal(sent.metadata.namespace, 'kube-public');
    assert.equal(sent.spec.replicas, 1);
    assert.deepEqual(
      sent.spec.template.spec.containers.map((c: any) => [c.name, c.image]),
      [
        ['api', 'localhost:5000/team/api:1'],
        ['busybox', 'busybox@sha256:abcd'],
        ['pause', 'registry.k8s.io/pause:3.9'],
      ],
    );
    const [withCommand] = sentBy([], ['kubectl create deployment job --image=busybox -- sleep 3600']);
    assert.deepEqual(withCommand.spec.template.spec.containers[0].command, ['sleep', '3600']);
  });

  it('turns . and _ into - and adds five random characters', () => {
    const [sent] = sentBy([], ['kubectl create deployment py --image=python_app.v2:3']);
    assert.match(sent.spec.template.spec.containers[0].name, /^python-app-v2-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
  });

  check(
    'prints the name-printer line, and its errors',
    [
      'kubectl create deployment web --image=nginx',
      "kubectl get deploy web -o jsonpath='{.spec.template.spec.containers[0]}'",
      'kubectl create deployment web --image=nginx',
      'kubectl create deployment other --image=nginx -o name',
      'kubectl create deployment x',
      'kubectl create deployment --image=a',
      'kubectl create deployment x y --image=a',
      'kubectl create deployment x --image=a --replicas=3.5',
      'kubectl create deployment x --image=a --port=99999999999',
      'kubectl create deployment x --image=a --image=b -- sleep 1',
      'kubectl create deployment x --image=a -n nope',
      'kubectl create deployment Bad_Name --image=a',
      'kubectl create deployment x --image=a --dry-run=client -o yaml',
    ],
    [
      '$ kubectl create deployment web --image=nginx',
      'deployment.apps/web created',
      "$ kubectl get deploy web -o jsonpath='{.spec.template.spec.containers[0]}'",
      '{"image":"nginx","imagePullPolicy":"Always","name":"nginx","resources":{},"terminationMessagePath":"/dev/termination-log","terminationMessagePolicy":"File"}',
      '$ kubectl create deployment web --image=nginx',
      'error: failed to create deployment: deployments.apps "web" already exists',
      '$ kubectl create deployment other --image=nginx -o name',
      'deployment.apps/other',
      '$ kubectl create deployment x',
      'error: required flag(s) "image" not set',
      '$ kubectl create deployment --image=a',
      'error: exactly one NAME is required, got 0',
      "See 'kubectl create deployment -h' for help and examples",
      '$ kubectl create deployment x y --image=a',
      'error: exactly one NAME is required, got 2',
      "See 'kubectl create deployment -h' for help and examples",
      '$ kubectl create deployment x --image=a --replicas=3.5',
      'error: invalid argument "3.5" for "--replicas" flag: strconv.ParseInt: parsing "3.5": invalid syntax',
      "See 'kubectl create deployment -h' for help and examples",
      '$ kubectl create deployment x --image=a --port=99999999999',
      'error: invalid argument "99999999999" for "--port" flag: strconv.ParseInt: parsing "99999999999": value out of range',
      "See 'kubectl create deployment -h' for help and examples",
      '$ kubectl create deployment x --image=a --image=b -- sleep 1',
      'error: cannot specify multiple --image options and command',
      '$ kubectl create deployment x --image=a -n nope',
      'error: failed to create deployment: namespaces "nope" not found',
      '$ kubectl create deployment Bad_Name --image=a',
      'error: failed to create deployment: Deployment.apps "Bad_Name" is invalid: metadata.name: Invalid value: "Bad_Name": ' +
        "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character " +
        "(e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
      '$ kubectl create deployment x --image=a --dry-run=client -o yaml',
      '# not simulated: kubectl create deployment --dry-run is not simulated',
    ],
  );
});

describe('kubectl expose', () => {
  it('builds the Service from the Deployment: its selector, labels, ports and their protocols', () => {
    const [svc] = sentBy(['kubectl apply -f web.yaml'], ['kubectl expose deployment web']);
    assert.deepEqual(svc, {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'web', creationTimestamp: null, labels: { tier: 'front' } },
      spec: {
        ports: [
          { name: 'port-1', port: 80, protocol: 'TCP', targetPort: 80 },
          { name: 'port-2-udp', port: 53, protocol: 'UDP', targetPort: 53 },
          { name: 'port-2-tcp', port: 53, protocol: 'TCP', targetPort: 53 },
          { name: 'port-3-udp', port: 53, protocol: 'UDP', targetPort: 53 },
          { name: 'port-3-tcp', port: 53, protocol: 'TCP', targetPort: 53 },
        ],
        selector: { app: 'web' },
      },
      status: { loadBalancer: {} },
    });
  });

  it('takes --port, --target-port, --type, --name, --protocol and the other flags as given', () => {
    const [svc] = sentBy(
      ['kubectl apply -f web.yaml'],
      [
        'kubectl expose deploy/web --port=8080 --target-port=http --type=LoadBalancer --name=front --protocol=TCP ' +
          '--load-balancer-ip=10.0.0.9 --external-ip=1.2.3.4 --session-affinity=ClientIP -l team=a,tier=b',
      ],
    );
    assert.deepEqual(svc.metadata, { name: 'front', creationTimestamp: null, labels: { team: 'a', tier: 'b' } });
    assert.deepEqual(svc.spec, {
      ports: [{ port: 8080, protocol: 'TCP', targetPort: 'http' }],
      selector: { app: 'web' },
      externalIPs: ['1.2.3.4'],
      type: 'LoadBalancer',
      loadBalancerIP: '10.0.0.9',
      sessionAffinity: 'ClientIP',
    });
  });

  check(
    'prints `exposed`, and its errors',
    [
      'kubectl apply -f web.yaml -f bare-pod.yaml -f ds.yaml -f expr.yaml',
      'kubectl expose deployment web --port=80 --type=NodePort',
      "kubectl get svc web -o jsonpath='{.spec.type} {.spec.ports[0].port} {.spec.ports[0].targetPort} {.metadata.labels}'",
      'kubectl expose deployment web --port=80',
      'kubectl expose service web --name=copy',
      "kubectl get svc copy -o jsonpath='{.spec.ports[0].targetPort} {.spec.selector}'",
      'kubectl expose pod bare --port=80',
      'kubectl expose ds agent --port=80',
      'kubectl expose rs expr --port=80',
      'kubectl expose pod bare',
      'kubectl expose deploy nope --port=80',
      'kubectl expose deployment',
      'kubectl expose',
      'kubectl expose deployment web --port=http --name=x',
      'kubectl expose deployment web --port=80 --name=y --session-affinity=Sticky',
    ],
    [
      '$ kubectl apply -f web.yaml -f bare-pod.yaml -f ds.yaml -f expr.yaml',
      'deployment.apps/web created',
      'pod/bare created',
      'daemonset.apps/agent created',
      'replicaset.apps/expr created',
      '$ kubectl expose deployment web --port=80 --type=NodePort',
      'service/web exposed',
      "$ kubectl get svc web -o jsonpath='{.spec.type} {.spec.ports[0].port} {.spec.ports[0].targetPort} {.metadata.labels}'",
      'NodePort 80 80 {"tier":"front"}',
      '$ kubectl expose deployment web --port=80',
      'Error from server (AlreadyExists): services "web" already exists',
      '$ kubectl expose service web --name=copy',
      'service/copy exposed',
      "$ kubectl get svc copy -o jsonpath='{.spec.ports[0].targetPort} {.spec.selector}'",
      '80 {"app":"web"}',
      '$ kubectl expose pod bare --port=80',
      "error: couldn't retrieve selectors via --selector flag or introspection: the pod has no labels and cannot be exposed",
      '$ kubectl expose ds agent --port=80',
      'error: cannot expose a DaemonSet.apps',
      '$ kubectl expose rs expr --port=80',
      `error: couldn't retrieve selectors via --selector flag or introspection: couldn't convert expressions - "[{Key:app Operator:In Values:[a b]}]" to map-based selector format`,
      '$ kubectl expose pod bare',
      "error: couldn't retrieve selectors via --selector flag or introspection: the pod has no labels and cannot be exposed",
      '$ kubectl expose deploy nope --port=80',
      'Error from server (NotFound): deployments.apps "nope" not found',
      '$ kubectl expose deployment',
      'error: resource(s) were provided, but no name was specified',
      '$ kubectl expose',
      'error: You must provide one or more resources by argument or filename.',
      'Example resource specifications include:',
      "   '-f rsrc.yaml'",
      "   '--filename=rsrc.json'",
      "   '<resource> <name>'",
      "   '<resource>'",
      '$ kubectl expose deployment web --port=http --name=x',
      'error: strconv.Atoi: parsing "http": invalid syntax',
      '$ kubectl expose deployment web --port=80 --name=y --session-affinity=Sticky',
      'error: unknown session affinity: Sticky',
    ],
  );
});
