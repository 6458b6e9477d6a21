import { strict as assert } from 'node:assert';
import { Cluster } from '../../server/src/core/cluster/index';
import { runScenario, type LineResult } from '../../server/src/core/kubectl/index';

const WEB = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels: {app: web}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: web, image: 'nginx:1.25'}]
`;

const FILES: Record<string, string> = {
  '/w/web.yaml': WEB,
  '/w/svc.yaml':
    'apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  selector: {app: web}\n  ports: [{port: 80}]\n',
  '/w/dir/b.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: b}\ndata: {x: "1"}\n',
  '/w/dir/a-x.yaml':
    'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\n---\napiVersion: v1\nkind: List\nitems:\n- {apiVersion: v1, kind: ConfigMap, metadata: {name: a2}}\n',
  '/w/dir/notes.txt': 'not a manifest',
  '/w/dir/sub/c.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n',
  '/w/nokind.yaml':
    'apiVersion: v1\nmetadata: {name: x}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: never}\n',
  '/w/typo.yaml':
    'apiVersion: apps/v1\nkind: Deploymnt\nmetadata: {name: web}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: after-typo}\n',
  '/w/invalid.yaml':
    'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: api}\nspec:\n  template:\n    metadata: {labels: {app: x}}\n    spec: {containers: [{name: a, image: b}]}\n',
  '/w/noname.yaml': 'apiVersion: v1\nkind: ConfigMap\ndata: {a: b}\n',
  '/w/broken.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ok}\n---\na: [b\n',
  '/w/labeled.yaml':
    'apiVersion: v1\nkind: Secret\nmetadata: {name: s, labels: {group: x}}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: m, labels: {group: x}}\ndata: {a: b, c: d}\n',
  '/w/other-ns.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x, namespace: other}\n',
};

const DIRS: Record<string, Array<{ name: string; directory: boolean }>> = {
  '/w': Object.keys(FILES)
    .filter((f) => f.split('/').length === 3)
    .map((f) => ({ name: f.slice(3), directory: false }))
    .concat([{ name: 'dir', directory: true }]),
  '/w/dir': [
    { name: 'b.yaml', directory: false },
    { name: 'sub', directory: true },
    { name: 'notes.txt', directory: false },
    { name: 'a-x.yaml', directory: false },
  ],
  '/w/dir/sub': [{ name: 'c.yaml', directory: false }],
};

function run(script: string, cluster = new Cluster({ minor: '1.35' })): LineResult[] {
  return runScenario(script, {
    cluster,
    cwd: '/w',
    readFile: (p) => FILES[p],
    listDir: (p) => DIRS[p],
  });
}

/** The transcript of a script: `$ line`, then its output, then its notes as `# ...`. */
function transcript(results: LineResult[]): string {
  return results
    .map((r) => {
      if (r.kind === 'comment') return `${r.command}\n`;
      const out = r.output.map((c) => c.text).join('');
      // How long a rollout takes depends on replica counts and kubelet timing, not on kubectl.
      const notes = r.notes.map(
        (n) => `# ${n.replace(/over \d+s of simulated time/, 'over Ns of simulated time')}\n`,
      );
      return `$ ${r.command}\n${out}${notes.join('')}`;
    })
    .join('');
}

/** Cases run on a fresh cluster: the script and the exact transcript kubectl would print. */
function check(name: string, script: string, expected: string): void {
  it(name, () => assert.equal(transcript(run(script)), expected));
}

describe('kubectl apply and create', () => {
  check(
    'created, unchanged, configured',
    'kubectl apply -f web.yaml\nkubectl apply -f web.yaml\nkubectl scale deploy web --replicas=3\nkubectl apply -f web.yaml',
    '$ kubectl apply -f web.yaml\ndeployment.apps/web created\n' +
      '$ kubectl apply -f web.yaml\ndeployment.apps/web unchanged\n' +
      '$ kubectl scale deploy web --replicas=3\ndeployment.apps/web scaled\n' +
      '$ kubectl apply -f web.yaml\ndeployment.apps/web configured\n',
  );

  check(
    'a directory gives its manifests in name order, Lists expanded, other files and subdirectories skipped',
    'kubectl apply -f dir/\nkubectl apply -R -f dir',
    '$ kubectl apply -f dir/\nconfigmap/a created\nconfigmap/a2 created\nconfigmap/b created\n' +
      '$ kubectl apply -R -f dir\nconfigmap/a unchanged\nconfigmap/a2 unchanged\nconfigmap/b unchanged\nconfigmap/c created\n',
  );

  check(
    'several -f in the order given',
    'kubectl apply -f svc.yaml -f dir/b.yaml',
    '$ kubectl apply -f svc.yaml -f dir/b.yaml\nservice/web created\nconfigmap/b created\n',
  );

  check(
    'a missing path stops the command before anything is applied',
    'kubectl apply -f web.yaml -f nope.yaml',
    '$ kubectl apply -f web.yaml -f nope.yaml\nerror: the path "nope.yaml" does not exist\n',
  );

  check(
    'a document without kind ends its file',
    'kubectl apply -f nokind.yaml',
    '$ kubectl apply -f nokind.yaml\nerror: error validating "nokind.yaml": error validating data: kind not set; if you choose to ignore these errors, turn validation off with --validate=false\n',
  );

  check(
    'an unknown kind is a mapping error; the rest of the file is still applied and errors come last',
    'kubectl apply -f typo.yaml',
    '$ kubectl apply -f typo.yaml\nconfigmap/after-typo created\n' +
      'error: resource mapping not found for name: "web" namespace: "" from "typo.yaml": no matches for kind "Deploymnt" in version "apps/v1"\n' +
      'ensure CRDs are installed first\n',
  );

  check(
    'several errors print one per line without the error: prefix',
    'kubectl apply -f typo.yaml -f invalid.yaml',
    '$ kubectl apply -f typo.yaml -f invalid.yaml\nconfigmap/after-typo created\n' +
      'resource mapping not found for name: "web" namespace: "" from "typo.yaml": no matches for kind "Deploymnt" in version "apps/v1"\n' +
      'ensure CRDs are installed first\n' +
      'Error from server (Invalid): error when creating "invalid.yaml": Deployment.apps "api" is invalid: [spec.selector: Required value, spec.template.metadata.labels: Invalid value: {"app":"x"}: `selector` does not match template `labels`]\n',
  );

  check(
    'one Invalid error prints from its details, with a header ending in a space',
    'kubectl apply -f invalid.yaml',
    '$ kubectl apply -f invalid.yaml\nThe Deployment "api" is invalid: \n* spec.selector: Required value\n' +
      '* spec.template.metadata.labels: Invalid value: {"app":"x"}: `selector` does not match template `labels`\n',
  );

  check(
    'an object without a name cannot be applied',
    'kubectl apply -f noname.yaml',
    '$ kubectl apply -f noname.yaml\nerror: error when retrieving current configuration of:\n' +
      'Resource: "/v1, Resource=configmaps", GroupVersionKind: "/v1, Kind=ConfigMap"\n' +
      'Name: "", Namespace: "default"\nfrom server for: "noname.yaml": resource name may not be empty\n',
  );

  check(
    'a YAML syntax error is reported for its file after the documents before it',
    'kubectl apply -f broken.yaml',
    '$ kubectl apply -f broken.yaml\nconfigmap/ok created\n' +
      'error: error parsing broken.yaml: error converting YAML to JSON: yaml: line 2: Flow sequence in block collection must be sufficiently indented and end with a ]\n',
  );

  check(
    'usage errors',
    'kubectl apply\nkubectl apply -f web.yaml --frobnicate\nkubectl apply -f web.yaml -n other\nkubectl apply -f other-ns.yaml -n default',
    '$ kubectl apply\nerror: must specify one of -f and -k\n' +
      "$ kubectl apply -f web.yaml --frobnicate\nerror: unknown flag: --frobnicate\nSee 'kubectl apply -h' for help and examples\n" +
      '$ kubectl apply -f web.yaml -n other\nError from server (NotFound): error when creating "web.yaml": namespaces "other" not found\n' +
      '$ kubectl apply -f other-ns.yaml -n default\nerror: the namespace from the provided object "other" does not match the namespace "default". You must pass \'--namespace=other\' to perform this operation.\n',
  );

  check(
    'create refuses an existing object',
    'kubectl create -f dir/b.yaml\nkubectl create -f dir/b.yaml\nkubectl create configmap x --from-literal=a=b',
    '$ kubectl create -f dir/b.yaml\nconfigmap/b created\n' +
      '$ kubectl create -f dir/b.yaml\nError from server (AlreadyExists): error when creating "dir/b.yaml": configmaps "b" already exists\n' +
      '$ kubectl create configmap x --from-literal=a=b\n# not simulated: kubectl create configmap is not simulated\n',
  );

  check(
    'apply warns about an object made by create',
    'kubectl create -f dir/b.yaml\nkubectl apply -f dir/b.yaml',
    '$ kubectl create -f dir/b.yaml\nconfigmap/b created\n' +
      '$ kubectl apply -f dir/b.yaml\nWarning: resource configmaps/b is missing the kubectl.kubernetes.io/last-applied-configuration annotation which is required by kubectl apply. kubectl apply should only be used on resources created declaratively by either kubectl create --save-config or kubectl apply. The missing annotation will be patched automatically.\n' +
      'configmap/b configured\n',
  );
});

describe('kubectl get', () => {
  check(
    'several kinds are prefixed and separated by a blank line; empty kinds print nothing',
    'kubectl apply -f labeled.yaml\nkubectl get cm,deploy,secret -l group=x',
    '$ kubectl apply -f labeled.yaml\nsecret/s created\nconfigmap/m created\n' +
      '$ kubectl get cm,deploy,secret -l group=x\n' +
      'NAME          DATA   AGE\nconfigmap/m   2      0s\n\n' +
      'NAME       TYPE     DATA   AGE\nsecret/s   Opaque   0      0s\n',
  );

  check(
    'nothing found: a namespace message for namespaced kinds, a plain one for nodes and -A',
    'kubectl get pods\nkubectl get pods -A\nkubectl get nodes -l role=none\nkubectl get deploy,no -l x=y',
    '$ kubectl get pods\nNo resources found in default namespace.\n' +
      '$ kubectl get pods -A\nNo resources found\n' +
      '$ kubectl get nodes -l role=none\nNo resources found\n' +
      '$ kubectl get deploy,no -l x=y\nNo resources found\n',
  );

  check(
    'errors: unknown type, missing name, no type, bad selector',
    'kubectl get foos\nkubectl get deploy nope\nkubectl get\nkubectl get pods -l "a in b"',
    '$ kubectl get foos\nerror: the server doesn\'t have a resource type "foos"\n' +
      '$ kubectl get deploy nope\nError from server (NotFound): deployments.apps "nope" not found\n' +
      '$ kubectl get\nYou must specify the type of resource to get. Use "kubectl api-resources" for a complete list of supported resources.\n\n' +
      'error: Required resource not specified.\nUse "kubectl explain <resource>" for a detailed description of that resource (e.g. kubectl explain pods).\n' +
      "See 'kubectl get -h' for help and examples\n" +
      "$ kubectl get pods -l \"a in b\"\nerror: unable to parse requirement: found 'b', expected: '('\n",
  );

  check(
    'found names print, missing ones error after the table',
    'kubectl get ns default nope kube-system',
    '$ kubectl get ns default nope kube-system\nNAME          STATUS   AGE\ndefault       Active   0s\nkube-system   Active   0s\n' +
      'Error from server (NotFound): namespaces "nope" not found\n',
  );

  check(
    'endpoints print the deprecation warning first (server ≥1.33)',
    'kubectl get ep',
    '$ kubectl get ep\nWarning: v1 Endpoints is deprecated in v1.33+; use discovery.k8s.io/v1 EndpointSlice\n' +
      'NAME         ENDPOINTS           AGE\nkubernetes   192.168.49.2:6443   0s\n',
  );

  check(
    '-o name, -o jsonpath (no trailing newline) and -o custom-columns',
    "kubectl get ns -o name\nkubectl get nodes -o jsonpath='{.items[0].metadata.name}'\nkubectl get ns -o custom-columns=NAME:.metadata.name,PHASE:.status.phase",
    '$ kubectl get ns -o name\nnamespace/default\nnamespace/kube-node-lease\nnamespace/kube-public\nnamespace/kube-system\n' +
      "$ kubectl get nodes -o jsonpath='{.items[0].metadata.name}'\nnode-1" +
      '$ kubectl get ns -o custom-columns=NAME:.metadata.name,PHASE:.status.phase\n' +
      'NAME              PHASE\ndefault           Active\nkube-node-lease   Active\nkube-public       Active\nkube-system       Active\n',
  );

  it("events list in the server's order: by object name, then time", () => {
    const results = run('kubectl apply -f svc.yaml -f web.yaml\nkubectl get events');
    const lines = results[1].output
      .map((c) => c.text)
      .join('')
      .split('\n');
    assert.match(lines[0], /^LAST SEEN {3}TYPE {5}REASON {14}OBJECT {22}MESSAGE$/);
    const objects = lines.slice(1, -1).map((l) => l.split(/ {3,}/)[3]);
    assert.deepEqual(objects.slice(-3), [
      'replicaset/web-' + objects[objects.length - 2].split('-')[1],
      objects[objects.length - 2],
      'deployment/web',
    ]);
    assert.ok(
      lines.includes(
        lines.find((l) =>
          /Normal {3}ScalingReplicaSet {3}deployment\/web {3,}Scaled up replica set web-\w+ from 0 to 2$/.test(
            l,
          ),
        )!,
      ),
    );
  });

  check(
    'formats and flags that are not simulated say so',
    'kubectl get ns -o go-template={{.kind}}\nkubectl get po --field-selector=status.phase=Running\nkubectl describe svc kubernetes\nkubectl apply -f web.yaml --dry-run=client\nkubectl apply -f -',
    '$ kubectl get ns -o go-template={{.kind}}\n# not simulated: kubectl get -o go-template is not simulated\n' +
      '$ kubectl get po --field-selector=status.phase=Running\n# not simulated: kubectl get --field-selector is not simulated\n' +
      '$ kubectl describe svc kubernetes\n# not simulated: kubectl describe of a Service is not simulated\n' +
      '$ kubectl apply -f web.yaml --dry-run=client\n# not simulated: kubectl apply --dry-run is not simulated\n' +
      '$ kubectl apply -f -\n# not simulated: kubectl apply -f - reads manifests from standard input, which a scenario line does not have\n',
  );

  check(
    'watching is not simulated',
    'kubectl get pods -w',
    '$ kubectl get pods -w\n# not simulated: kubectl get --watch waits for changes\n',
  );
});

describe('kubectl delete', () => {
  check(
    'by name, by file, with the namespace suffix of kubectl ≥1.34',
    'kubectl apply -f svc.yaml\nkubectl delete svc web\nkubectl delete -f svc.yaml\nkubectl delete svc/kubernetes -o name',
    '$ kubectl apply -f svc.yaml\nservice/web created\n' +
      '$ kubectl delete svc web\nservice "web" deleted from default namespace\n' +
      '$ kubectl delete -f svc.yaml\nError from server (NotFound): error when deleting "svc.yaml": services "web" not found\n' +
      '$ kubectl delete svc/kubernetes -o name\nservice/kubernetes\n',
  );

  check(
    'cascade values: deprecated booleans warn, others are refused',
    'kubectl apply -f dir/b.yaml\nkubectl delete cm b --cascade=false\nkubectl delete cm b --cascade=true\nkubectl delete cm b --cascade=sometimes',
    '$ kubectl apply -f dir/b.yaml\nconfigmap/b created\n' +
      '$ kubectl delete cm b --cascade=false\nwarning: --cascade=false is deprecated (boolean value) and can be replaced with --cascade=orphan.\n' +
      'configmap "b" deleted from default namespace\n' +
      '$ kubectl delete cm b --cascade=true\nwarning: --cascade=true is deprecated (boolean value) and can be replaced with --cascade=background.\n' +
      'Error from server (NotFound): configmaps "b" not found\n' +
      '$ kubectl delete cm b --cascade=sometimes\nerror: invalid cascade value (sometimes). Must be "background", "foreground", or "orphan"\n',
  );

  check(
    'selectors that match nothing, missing arguments, cluster-scoped objects',
    'kubectl delete pods -l app=none\nkubectl delete deployment\nkubectl delete\nkubectl delete ns kube-system\nkubectl delete no node-1',
    '$ kubectl delete pods -l app=none\nNo resources found\n' +
      '$ kubectl delete deployment\nerror: resource(s) were provided, but no name was specified\n' +
      "$ kubectl delete\nerror: You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'\n" +
      '$ kubectl delete ns kube-system\nError from server (Forbidden): namespaces "kube-system" is forbidden: this namespace may not be deleted\n' +
      '$ kubectl delete no node-1\nnode "node-1" deleted\n',
  );

  check(
    '--force warns; --force with a grace period is refused',
    'kubectl apply -f dir/b.yaml\nkubectl delete cm b --force --grace-period=5\nkubectl delete cm b --force',
    '$ kubectl apply -f dir/b.yaml\nconfigmap/b created\n' +
      '$ kubectl delete cm b --force --grace-period=5\nerror: --force and --grace-period greater than 0 cannot be specified together\n' +
      '$ kubectl delete cm b --force\nWarning: Immediate deletion does not wait for confirmation that the running resource has been terminated. The resource may continue to run on the cluster indefinitely.\n' +
      'configmap "b" force deleted from default namespace\n',
  );
});

describe('kubectl scale, label, cordon, taint, set image', () => {
  check(
    'scale',
    'kubectl apply -f web.yaml\nkubectl scale --replicas=3 deploy/web\nkubectl scale deploy web --replicas=1 --current-replicas=2\nkubectl scale deploy/web\nkubectl scale deploy/nope --replicas=2',
    '$ kubectl apply -f web.yaml\ndeployment.apps/web created\n' +
      '$ kubectl scale --replicas=3 deploy/web\ndeployment.apps/web scaled\n' +
      '$ kubectl scale deploy web --replicas=1 --current-replicas=2\nerror: Expected replicas to be 2, was 3\n' +
      '$ kubectl scale deploy/web\nerror: required flag(s) "replicas" not set\n' +
      '$ kubectl scale deploy/nope --replicas=2\nError from server (NotFound): deployments.apps "nope" not found\n',
  );

  check(
    'label: labeled, conflict, not labeled, unlabeled with a notice',
    'kubectl label node node-1 kiamol=ch05\nkubectl label node node-1 kiamol=ch06\nkubectl label node node-1 kiamol=ch06 --overwrite\nkubectl label node node-1 kiamol=ch06 --overwrite\nkubectl label node node-1 kiamol- absent-\nkubectl label node node-1',
    '$ kubectl label node node-1 kiamol=ch05\nnode/node-1 labeled\n' +
      "$ kubectl label node node-1 kiamol=ch06\nerror: 'kiamol' already has a value (ch05), and --overwrite is false\n" +
      '$ kubectl label node node-1 kiamol=ch06 --overwrite\nnode/node-1 labeled\n' +
      '$ kubectl label node node-1 kiamol=ch06 --overwrite\nnode/node-1 not labeled\n' +
      '$ kubectl label node node-1 kiamol- absent-\nlabel "absent" not found.\nnode/node-1 unlabeled\n' +
      '$ kubectl label node node-1\nerror: at least one label update is required\n',
  );

  check(
    'cordon, uncordon and the node STATUS column',
    'kubectl cordon node-1\nkubectl cordon node-1\nkubectl get nodes\nkubectl uncordon node-1\nkubectl uncordon node-1\nkubectl cordon nope',
    '$ kubectl cordon node-1\nnode/node-1 cordoned\n$ kubectl cordon node-1\nnode/node-1 already cordoned\n' +
      '$ kubectl get nodes\nNAME     STATUS                     ROLES    AGE   VERSION\nnode-1   Ready,SchedulingDisabled   <none>   0s    v1.35.0\n' +
      '$ kubectl uncordon node-1\nnode/node-1 uncordoned\n$ kubectl uncordon node-1\nnode/node-1 already uncordoned\n' +
      '$ kubectl cordon nope\nError from server (NotFound): nodes "nope" not found\n',
  );

  check(
    'taint: tainted, conflict, modified with --overwrite, untainted, not found',
    'kubectl taint nodes node-1 k=v:NoSchedule\nkubectl taint nodes node-1 k=w:NoSchedule\nkubectl taint nodes node-1 k=w:NoSchedule --overwrite\nkubectl taint node node-1 k:NoSchedule-\nkubectl taint node node-1 k:NoSchedule-\nkubectl taint node node-1 k=v:Maybe',
    '$ kubectl taint nodes node-1 k=v:NoSchedule\nnode/node-1 tainted\n' +
      '$ kubectl taint nodes node-1 k=w:NoSchedule\nerror: node node-1 already has k taint(s) with same effect(s) and --overwrite is false\n' +
      '$ kubectl taint nodes node-1 k=w:NoSchedule --overwrite\nnode/node-1 modified\n' +
      '$ kubectl taint node node-1 k:NoSchedule-\nnode/node-1 untainted\n' +
      '$ kubectl taint node node-1 k:NoSchedule-\nerror: taint "k:NoSchedule" not found\n' +
      '$ kubectl taint node node-1 k=v:Maybe\nerror: invalid taint effect: Maybe, unsupported taint effect\n',
  );

  it('set image: updated, silent when unchanged, unknown container', () => {
    const results = run(
      'kubectl apply -f web.yaml\nkubectl set image deployment/web web=nginx:1.26\nkubectl set image deploy web web=nginx:1.26\nkubectl set image deployment/web nginx=nginx:1.26',
    );
    assert.deepEqual(
      results.map((r) => r.output.map((c) => c.text).join('')),
      [
        'deployment.apps/web created\n',
        'deployment.apps/web image updated\n',
        '',
        'error: unable to find container named "nginx"\n',
      ],
    );
    assert.match(
      results[1].notes.join('\n'),
      /^mid-rollout: pods were replaced over \d+s of simulated time/,
    );
    assert.ok(
      results[1].steps.some((s) =>
        s.events.some((e) => /^Scaled down replica set web-\w+ from 2 to 1$/.test(e.message)),
      ),
    );
  });
});

describe('kubectl rollout', () => {
  check(
    'status, history, undo, pause and resume',
    [
      'kubectl apply -f web.yaml',
      'kubectl set image deployment/web web=nginx:1.26',
      'kubectl rollout status deploy/web',
      'kubectl rollout history deployment web',
      'kubectl rollout undo deploy/web --to-revision=9',
      'kubectl rollout pause deploy/web',
      'kubectl rollout pause deploy/web',
      'kubectl rollout undo deploy/web',
      'kubectl rollout resume deploy/web',
      'kubectl rollout resume deploy/web',
      'kubectl rollout status rs -l app=web',
      'kubectl rollout history deploy/nope',
    ].join('\n'),
    '$ kubectl apply -f web.yaml\ndeployment.apps/web created\n' +
      '$ kubectl set image deployment/web web=nginx:1.26\ndeployment.apps/web image updated\n' +
      '# mid-rollout: pods were replaced over Ns of simulated time; a command typed sooner sees old and new pods side by side\n' +
      '$ kubectl rollout status deploy/web\ndeployment "web" successfully rolled out\n' +
      '$ kubectl rollout history deployment web\ndeployment.apps/web \nREVISION  CHANGE-CAUSE\n1         <none>\n2         <none>\n\n' +
      '$ kubectl rollout undo deploy/web --to-revision=9\nerror: unable to find specified revision 9 in history\n' +
      '$ kubectl rollout pause deploy/web\ndeployment.apps/web paused\n' +
      '$ kubectl rollout pause deploy/web\nerror: deployments.apps "web" is already paused\n' +
      "$ kubectl rollout undo deploy/web\nerror: you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume' and try again\n" +
      '$ kubectl rollout resume deploy/web\ndeployment.apps/web resumed\n' +
      '$ kubectl rollout resume deploy/web\nerror: deployments.apps "web" is not paused\n' +
      '$ kubectl rollout status rs -l app=web\nerror: rollout status is only supported on individual resources and resource collections of size 1\n' +
      '$ kubectl rollout history deploy/nope\nError from server (NotFound): deployments.apps "nope" not found\n',
  );

  it('history --revision prints the template without alignment (literal tabs)', () => {
    const results = run(
      'kubectl apply -f web.yaml\nkubectl rollout history deployment/web --revision=1',
    );
    const text = results[1].output.map((c) => c.text).join('');
    assert.match(
      text,
      /^deployment\.apps\/web with revision #1\nPod Template:\n  Labels:\tapp=web\n\tpod-template-hash=\w+\n  Containers:\n   web:\n    Image:\tnginx:1\.25\n    Port:\t<none>\n    Host Port:\t<none>\n    Environment:\t<none>\n    Mounts:\t<none>\n  Volumes:\t<none>\n  Node-Selectors:\t<none>\n  Tolerations:\t<none>\n\n$/,
    );
  });
});

describe('kubectl scenario runner', () => {
  check(
    'comments, not simulated programs and commands, unknown commands, shell syntax',
    [
      '# a comment',
      '',
      "curl $(kubectl get svc web -o jsonpath='http://{.spec.clusterIP}')",
      'kubectl logs -l app=web --tail 1',
      'kubectl exec deploy/web -- ls',
      'kubectl port-forward svc/web 8080:80',
      'kubectl frobnicate',
      'kubectl get po | grep web',
      "kubectl get ns 'open",
    ].join('\n'),
    '# a comment\n' +
      "$ curl $(kubectl get svc web -o jsonpath='http://{.spec.clusterIP}')\n# not simulated: curl needs a network\n" +
      '$ kubectl logs -l app=web --tail 1\n# not simulated: kubectl logs needs a running container\n' +
      '$ kubectl exec deploy/web -- ls\n# not simulated: kubectl exec needs a running container\n' +
      '$ kubectl port-forward svc/web 8080:80\n# not simulated: kubectl port-forward needs a network\n' +
      '$ kubectl frobnicate\nerror: unknown command "frobnicate" for "kubectl"\n' +
      '$ kubectl get po | grep web\n# not simulated: shell pipes need a shell\n' +
      "$ kubectl get ns 'open\nkubeplan: cannot read this line: unexpected EOF while looking for matching `''\n",
  );

  check(
    'substitutions run against the same cluster; && and || chain; a trailing backslash continues the line',
    [
      "kubectl label node $(kubectl get nodes -o jsonpath='{.items[0].metadata.name}') zone=a",
      'kubectl get ns nope && kubectl get ns default || kubectl get ns kube-public',
      'kubectl get ns \\',
      '  default',
      'kubectl get ns $(kubectl get ns nope -o name)',
    ].join('\n'),
    "$ kubectl label node $(kubectl get nodes -o jsonpath='{.items[0].metadata.name}') zone=a\nnode/node-1 labeled\n" +
      '$ kubectl get ns nope && kubectl get ns default || kubectl get ns kube-public\n' +
      'Error from server (NotFound): namespaces "nope" not found\nNAME          STATUS   AGE\nkube-public   Active   0s\n' +
      '$ kubectl get ns   default\nNAME      STATUS   AGE\ndefault   Active   0s\n' +
      '$ kubectl get ns $(kubectl get ns nope -o name)\nError from server (NotFound): namespaces "nope" not found\n' +
      'NAME              STATUS   AGE\ndefault           Active   0s\nkube-node-lease   Active   0s\nkube-public       Active   0s\nkube-system       Active   0s\n',
  );

  check(
    'a substitution that cannot be simulated skips its command and the rest of the line',
    [
      'kubectl label ns $(kubectl get pods --field-selector=status.phase=Running -o name) a=b',
      'kubectl get ns default -o name && kubectl label ns $(kubectl get ns --sort-by=.metadata.name -o name) a=b; kubectl get ns kube-public',
      'kubectl get ns $(kubectl get ns default -o name | cut -d/ -f2)',
      'kubectl get ns $(curl -s http://example)',
      'kubectl get ns $(kubectl get ns $(kubectl get po --field-selector=x -o name))',
    ].join('\n'),
    '$ kubectl label ns $(kubectl get pods --field-selector=status.phase=Running -o name) a=b\n' +
      '# not simulated: kubectl get --field-selector is not simulated (in $(kubectl get pods --field-selector=status.phase=Running -o name))\n' +
      '$ kubectl get ns default -o name && kubectl label ns $(kubectl get ns --sort-by=.metadata.name -o name) a=b; kubectl get ns kube-public\n' +
      'namespace/default\n' +
      '# not simulated: kubectl get --sort-by is not simulated (in $(kubectl get ns --sort-by=.metadata.name -o name))\n' +
      '$ kubectl get ns $(kubectl get ns default -o name | cut -d/ -f2)\n' +
      '# not simulated: the substitution $(kubectl get ns default -o name | cut -d/ -f2) needs a shell\n' +
      '$ kubectl get ns $(curl -s http://example)\n' +
      '# not simulated: curl needs a network (in $(curl -s http://example))\n' +
      '$ kubectl get ns $(kubectl get ns $(kubectl get po --field-selector=x -o name))\n' +
      '# not simulated: kubectl get --field-selector is not simulated (in $(kubectl get po --field-selector=x -o name)) (in $(kubectl get ns $(kubectl get po --field-selector=x -o name)))\n',
  );

  it('marks a line whose substitution cannot be simulated as not simulated, with exit code 0 and nothing written', () => {
    const results = run(
      'kubectl apply -f web.yaml\nkubectl scale deploy $(kubectl get deploy --field-selector=x -o name) --replicas=5\nkubectl get deploy web -o jsonpath={.spec.replicas}',
    );
    assert.deepEqual(
      results.slice(1).map((r) => [r.kind, r.exitCode, r.steps.length, r.output.map((c) => c.text).join('')]),
      [
        ['not-simulated', 0, 0, ''],
        ['command', 0, 0, '2'],
      ],
    );
  });

  it('settles after a write and records the steps, with line numbers and exit codes', () => {
    const results = run(
      '# setup\n\nkubectl apply -f web.yaml\nkubectl get deploy web\nkubectl get deploy nope',
    );
    assert.deepEqual(
      results.map((r) => [r.line, r.kind, r.exitCode, r.steps.length > 0]),
      [
        [1, 'comment', 0, false],
        [3, 'command', 0, true],
        [4, 'command', 0, false],
        [5, 'command', 1, false],
      ],
    );
    const controllers = new Set(results[1].steps.map((s) => s.controller));
    for (const c of [
      'deployment-controller',
      'replicaset-controller',
      'default-scheduler',
      'kubelet',
    ])
      assert.ok(controllers.has(c), c);
    assert.equal(
      results[2].output.map((c) => c.text).join(''),
      'NAME   READY   UP-TO-DATE   AVAILABLE   AGE\nweb    2/2     2            2           2s\n',
    );
  });

  it('never throws, whatever the line', () => {
    const inputs = [
      'kubectl',
      'kubectl -n',
      'kubectl get -o',
      "kubectl get po -o jsonpath='{.items[99]}'",
      'kubectl delete all --all',
      '$(',
      '\\',
      'kubectl get po -o custom-columns=',
      '\u0000\uffff',
    ];
    for (const line of inputs) assert.doesNotThrow(() => run(line), line);
    const results = run('kubectl get po -o yaml\nkubectl --namespace kube-system get pods -o json');
    assert.equal(
      results[0].output[0].text,
      'apiVersion: v1\nitems: []\nkind: List\nmetadata:\n  resourceVersion: ""\n',
    );
    assert.equal(
      results[1].output[0].text,
      '{\n    "apiVersion": "v1",\n    "items": [],\n    "kind": "List",\n    "metadata": {\n        "resourceVersion": ""\n    }\n}\n',
    );
  });

  it('bounds substitution depth', () => {
    const deep =
      'kubectl get ns $(kubectl get ns $(kubectl get ns $(kubectl get ns $(kubectl get ns default -o name) -o name) -o name) -o name)';
    const [r] = run(deep);
    assert.ok(
      r.notes.some((n) => n.includes('nest deeper than 3')),
      r.notes.join('\n'),
    );
  });
});
