/**
 * Pod-template hashes per second, against a baseline measured in the same run: JSON.stringify
 * of the same template plus FNV-1a of that text, the least any hash of its content must do.
 */
import type { Minor } from '../server/src/core/api/versions';
import { defaultPodTemplate } from '../server/src/core/defaults';
import { fnv32a, podTemplateHash } from '../server/src/core/hash';
import { median, report } from './measure';

export interface HashBenchResult {
  template: string;
  minor: Minor;
  hashesPerSecond: number;
  baselinePerSecond: number;
  /** Time of a hash over time of a baseline. */
  ratio: number;
}

/** The Deployment example of the Kubernetes documentation: a typical template. */
const TYPICAL = {
  metadata: { labels: { app: 'nginx' } },
  spec: { containers: [{ name: 'nginx', image: 'nginx:1.14.2', ports: [{ containerPort: 80 }] }] },
};

/** kubeadm's CoreDNS template: resources, probes, a volume, affinity and tolerations. */
const RICH = {
  metadata: { labels: { 'k8s-app': 'kube-dns' } },
  spec: {
    priorityClassName: 'system-cluster-critical',
    serviceAccountName: 'coredns',
    affinity: {
      podAntiAffinity: {
        preferredDuringSchedulingIgnoredDuringExecution: [
          {
            weight: 100,
            podAffinityTerm: {
              labelSelector: { matchExpressions: [{ key: 'k8s-app', operator: 'In', values: ['kube-dns'] }] },
              topologyKey: 'kubernetes.io/hostname',
            },
          },
        ],
      },
    },
    tolerations: [
      { key: 'CriticalAddonsOnly', operator: 'Exists' },
      { key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' },
    ],
    nodeSelector: { 'kubernetes.io/os': 'linux' },
    containers: [
      {
        name: 'coredns',
        image: 'registry.k8s.io/coredns/coredns:v1.13.1',
        resources: { limits: { memory: '170Mi' }, requests: { cpu: '100m', memory: '70Mi' } },
        args: ['-conf', '/etc/coredns/Corefile'],
        volumeMounts: [{ name: 'config-volume', mountPath: '/etc/coredns', readOnly: true }],
        ports: [
          { containerPort: 53, name: 'dns', protocol: 'UDP' },
          { containerPort: 53, name: 'dns-tcp', protocol: 'TCP' },
          { containerPort: 9153, name: 'metrics', protocol: 'TCP' },
        ],
        securityContext: {
          allowPrivilegeEscalation: false,
          capabilities: { add: ['NET_BIND_SERVICE'], drop: ['ALL'] },
          readOnlyRootFilesystem: true,
        },
        livenessProbe: {
          httpGet: { path: '/health', port: 8080, scheme: 'HTTP' },
          initialDelaySeconds: 60,
          timeoutSeconds: 5,
          failureThreshold: 5,
        },
        readinessProbe: { httpGet: { path: '/ready', port: 8181, scheme: 'HTTP' } },
      },
    ],
    dnsPolicy: 'Default',
    volumes: [
      { name: 'config-volume', configMap: { name: 'coredns', items: [{ key: 'Corefile', path: 'Corefile' }] } },
    ],
  },
};

/** Hashes per timed run; the run's median time is reported. */
const BATCH = 10_000;
const RUNS = 9;

/**
 * `npm run bench` part: the time of 10,000 pod-template hashes of a typical and of a rich
 * template, each against the baseline of the same run, and the hashes per second they make.
 */
export function benchHash(minor: Minor = '1.35'): HashBenchResult[] {
  const results: HashBenchResult[] = [];
  for (const [name, raw, target] of [
    ['typical template (nginx)', TYPICAL, '<= 200 ms, i.e. >= 50,000 hashes/s'],
    ['rich template (coredns)', RICH, undefined],
  ] as const) {
    const template = defaultPodTemplate(raw, minor);
    const baselineMs = median(RUNS, () => repeat(() => fnv32a(JSON.stringify(template))));
    const hashMs = median(RUNS, () => repeat(() => podTemplateHash(template, minor)));
    const perSecond = (ms: number) => (BATCH * 1000) / ms;
    report(`podTemplateHash x10,000, ${name}`, hashMs, 'JSON.stringify+FNV', baselineMs, target);
    console.log(`  ${Math.round(perSecond(hashMs))} hashes/s at ${minor}`);
    results.push({
      template: name,
      minor,
      hashesPerSecond: perSecond(hashMs),
      baselinePerSecond: perSecond(baselineMs),
      ratio: hashMs / baselineMs,
    });
  }
  return results;
}

// Results are kept here so that no call can be optimised away.
let sink: unknown;

function repeat(f: () => unknown): void {
  for (let i = 0; i < BATCH; i++) sink = f();
}
