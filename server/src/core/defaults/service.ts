/**
 * Service defaults (SetDefaults_Service) and the IP family fields the service registry fills in
 * on create.
 */
import { atLeast } from '../api/versions';
import { CORE } from './core';
import {
  child,
  declares,
  defaultPointer,
  defaultString,
  isObject,
  list,
  type DefaultContext,
  type Json,
} from './walk';

const SERVICE_SPEC = `${CORE}ServiceSpec`;

export function defaultService(service: Json, ctx: DefaultContext): void {
  const spec = child(service, 'spec');
  if (!spec) return;
  sessionAffinity(spec);
  defaultString(spec, 'type', 'ClusterIP');
  for (const port of list(spec.ports)) if (isObject(port)) servicePort(port);
  trafficPolicies(spec, ctx);
  if (spec.type === 'LoadBalancer' && atLeast(ctx.minor, '1.26')) {
    // ServiceLBNodePortControl was alpha (off) in 1.20 and GA from 1.24.
    defaultPointer(spec, 'allocateLoadBalancerNodePorts', true);
  }
  if (atLeast(ctx.minor, '1.26')) ipFamilies(spec, ctx);
}

function sessionAffinity(spec: Json): void {
  defaultString(spec, 'sessionAffinity', 'None');
  if (spec.sessionAffinity === 'None') delete spec.sessionAffinityConfig;
  if (spec.sessionAffinity !== 'ClientIP') return;
  const config = isObject(spec.sessionAffinityConfig) ? spec.sessionAffinityConfig : undefined;
  const clientIP = config && isObject(config.clientIP) ? config.clientIP : undefined;
  if (clientIP && clientIP.timeoutSeconds !== undefined && clientIP.timeoutSeconds !== null) return;
  spec.sessionAffinityConfig = { clientIP: { timeoutSeconds: 10800 } };
}

/** Protocol TCP, and a target port equal to the port when it is unset (0 or ""). */
function servicePort(port: Json): void {
  defaultString(port, 'protocol', 'TCP');
  const target = port.targetPort;
  if (target === undefined || target === null || target === 0 || target === '') port.targetPort = port.port;
}

function trafficPolicies(spec: Json, ctx: DefaultContext): void {
  if (externallyAccessible(spec, ctx)) defaultString(spec, 'externalTrafficPolicy', 'Cluster');
  const internal = ['ClusterIP', 'NodePort', 'LoadBalancer'].includes(spec.type as string);
  if (internal && declares(ctx, SERVICE_SPEC, 'internalTrafficPolicy')) {
    defaultPointer(spec, 'internalTrafficPolicy', 'Cluster');
  }
}

/** NodePort and LoadBalancer; from 1.28 also a ClusterIP service with external IPs. */
function externallyAccessible(spec: Json, ctx: DefaultContext): boolean {
  if (spec.type === 'NodePort' || spec.type === 'LoadBalancer') return true;
  return atLeast(ctx.minor, '1.28') && spec.type === 'ClusterIP' && list(spec.externalIPs).length > 0;
}

/**
 * Dual-stack defaults, then what the registry allocates: cluster IPs in sync with the cluster IP,
 * a family policy and the families.
 *
 * FIXME: The registry's choice depends on the cluster's service CIDRs; this assumes a
 * single-stack IPv4 cluster (the kind and minikube default). Cluster IPs and node ports, which
 * are allocated at random, are left unset. 1.20 (IPv6DualStack off) sets none of these here.
 */
function ipFamilies(spec: Json, ctx: DefaultContext): void {
  if (spec.type === 'ExternalName' || !declares(ctx, SERVICE_SPEC, 'ipFamilyPolicy')) return;
  const families = list(spec.ipFamilies);
  if (spec.ipFamilyPolicy === undefined || spec.ipFamilyPolicy === null) {
    if (list(spec.clusterIPs).length === 2 || families.length === 2) spec.ipFamilyPolicy = 'RequireDualStack';
  }
  if (spec.ipFamilyPolicy === 'RequireDualStack' && families.length === 1) {
    spec.ipFamilies = [...families, families[0] === 'IPv4' ? 'IPv6' : 'IPv4'];
  }

  const clusterIP = typeof spec.clusterIP === 'string' ? spec.clusterIP : '';
  if (clusterIP !== '' && list(spec.clusterIPs).length === 0) spec.clusterIPs = [clusterIP];
  const headlessWithoutSelector =
    clusterIP === 'None' && (!isObject(spec.selector) || Object.keys(spec.selector).length === 0);
  defaultPointer(spec, 'ipFamilyPolicy', headlessWithoutSelector ? 'PreferDualStack' : 'SingleStack');
  if (list(spec.ipFamilies).length === 0) spec.ipFamilies = [clusterIP.includes(':') ? 'IPv6' : 'IPv4'];
}
