// Hand-maintained proto2 schema (field numbers from kubernetes/api and apimachinery release-1.33 generated.proto).
// Options: (keep) = emit zero values (Go pointer or no omitempty); (inline) = merge into parent JSON; (json) = JSON name.
// See ../README.md for how to add a message.

export const NETWORKING_PROTO: readonly string[] = [
`syntax = "proto2";
package k8s.io.api.networking.v1;

message HTTPIngressPath {
  optional string path = 1; optional string pathType = 3 [(keep) = true]; optional IngressBackend backend = 2;
}
message HTTPIngressRuleValue { repeated HTTPIngressPath paths = 1 [(nil) = true]; }
message IPBlock { optional string cidr = 1 [(keep) = true]; repeated string except = 2; }
message Ingress {
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta metadata = 1; optional IngressSpec spec = 2;
  optional IngressStatus status = 3;
}
message IngressBackend {
  optional IngressServiceBackend service = 4; optional .k8s.io.api.core.v1.TypedLocalObjectReference resource = 3;
}
message IngressClass {
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta metadata = 1; optional IngressClassSpec spec = 2;
}
message IngressClassParametersReference {
  optional string aPIGroup = 1 [(json) = "apiGroup", (keep) = true]; optional string kind = 2 [(keep) = true];
  optional string name = 3 [(keep) = true]; optional string scope = 4 [(keep) = true];
  optional string namespace = 5 [(keep) = true];
}
message IngressClassSpec { optional string controller = 1; optional IngressClassParametersReference parameters = 2; }
message IngressLoadBalancerIngress {
  optional string ip = 1; optional string hostname = 2; repeated IngressPortStatus ports = 4;
}
message IngressLoadBalancerStatus { repeated IngressLoadBalancerIngress ingress = 1; }
message IngressPortStatus {
  optional int32 port = 1 [(keep) = true]; optional string protocol = 2 [(keep) = true];
  optional string error = 3 [(keep) = true];
}
message IngressRule { optional string host = 1; optional IngressRuleValue ingressRuleValue = 2 [(inline) = true]; }
message IngressRuleValue { optional HTTPIngressRuleValue http = 1; }
message IngressServiceBackend { optional string name = 1 [(keep) = true]; optional ServiceBackendPort port = 2; }
message IngressSpec {
  optional string ingressClassName = 4 [(keep) = true]; optional IngressBackend defaultBackend = 1;
  repeated IngressTLS tls = 2; repeated IngressRule rules = 3;
}
message IngressStatus { optional IngressLoadBalancerStatus loadBalancer = 1; }
message IngressTLS { repeated string hosts = 1; optional string secretName = 2; }
message NetworkPolicy {
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta metadata = 1; optional NetworkPolicySpec spec = 2;
}
message NetworkPolicyEgressRule { repeated NetworkPolicyPort ports = 1; repeated NetworkPolicyPeer to = 2; }
message NetworkPolicyIngressRule { repeated NetworkPolicyPort ports = 1; repeated NetworkPolicyPeer from = 2; }
message NetworkPolicyPeer {
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.LabelSelector podSelector = 1;
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.LabelSelector namespaceSelector = 2; optional IPBlock ipBlock = 3;
}
message NetworkPolicyPort {
  optional string protocol = 1 [(keep) = true]; optional .k8s.io.apimachinery.pkg.util.intstr.IntOrString port = 2;
  optional int32 endPort = 3 [(keep) = true];
}
message NetworkPolicySpec {
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.LabelSelector podSelector = 1;
  repeated NetworkPolicyIngressRule ingress = 2; repeated NetworkPolicyEgressRule egress = 3;
  repeated string policyTypes = 4;
}
message ServiceBackendPort { optional string name = 1; optional int32 number = 2; }
`,
];
