// Request bodies captured from the real kubectl 1.33.1 (protobuf) against a logging HTTPS server, with the JSON body
// kubectl 1.31.9 sent for the same command (nulls removed) as the expected decoding.

export interface CapturedRequest { command: string; method: string; path: string; protobufBase64: string; json: Record<string, unknown> }

export const KUBECTL_133_CAPTURES: readonly CapturedRequest[] = [
  {
    command: "kubectl create configmap x --from-literal=a=b --dry-run=server",
    method: 'POST',
    path: "/api/v1/namespaces/default/configmaps",
    protobufBase64: 'azhzAAoPCgJ2MRIJQ29uZmlnTWFwEhsKEQoBeBIAGgAiACoAMgA4AEIAEgYKAWESAWIaACIA',
    json: {"kind":"ConfigMap","apiVersion":"v1","metadata":{"name":"x"},"data":{"a":"b"}},
  },
  {
    command: "kubectl create secret generic s1 --from-literal=password=hunter2 --dry-run=server",
    method: 'POST',
    path: "/api/v1/namespaces/default/secrets",
    protobufBase64: 'azhzAAoMCgJ2MRIGU2VjcmV0EisKEgoCczESABoAIgAqADIAOABCABITCghwYXNzd29yZBIHaHVudGVyMhoAGgAiAA==',
    json: {"kind":"Secret","apiVersion":"v1","metadata":{"name":"s1"},"data":{"password":"aHVudGVyMg=="}},
  },
  {
    command: "kubectl create namespace team-a --dry-run=server",
    method: 'POST',
    path: "/api/v1/namespaces",
    protobufBase64: 'azhzAAoPCgJ2MRIJTmFtZXNwYWNlEh4KFgoGdGVhbS1hEgAaACIAKgAyADgAQgASABoCCgAaACIA',
    json: {"kind":"Namespace","apiVersion":"v1","metadata":{"name":"team-a"},"spec":{},"status":{}},
  },
  {
    command: "kubectl create deployment web --image=busybox --replicas=2 --dry-run=server",
    method: 'POST',
    path: "/apis/apps/v1/namespaces/default/deployments",
    protobufBase64: 'azhzAAoVCgdhcHBzL3YxEgpEZXBsb3ltZW50Eq8BCh8KA3dlYhIAGgAiACoAMgA4AEIAWgoKA2FwcBIDd2ViEn4IAhIMCgoKA2FwcBIDd2ViGmQKHAoAEgAaACIAKgAyADgAQgBaCgoDYXBwEgN3ZWISRBImCgdidXN5Ym94EgdidXN5Ym94KgBCAGoAcgCAAQCIAQCQAQCiAQAaADIAQgBKAFIAWABgAGgAggEAigEAmgEAwgEAIgIKACgAOAAaDAgAEAAYACAAKAA4ABoAIgA=',
    json: {"kind":"Deployment","apiVersion":"apps/v1","metadata":{"name":"web","labels":{"app":"web"}},"spec":{"replicas":2,"selector":{"matchLabels":{"app":"web"}},"template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"busybox","image":"busybox","resources":{}}]}},"strategy":{}},"status":{}},
  },
  {
    command: "kubectl create serviceaccount sa1 --dry-run=server",
    method: 'POST',
    path: "/api/v1/namespaces/default/serviceaccounts",
    protobufBase64: 'azhzAAoUCgJ2MRIOU2VydmljZUFjY291bnQSFQoTCgNzYTESABoAIgAqADIAOABCABoAIgA=',
    json: {"kind":"ServiceAccount","apiVersion":"v1","metadata":{"name":"sa1"}},
  },
  {
    command: "kubectl create token sa1 --duration=1h",
    method: 'POST',
    path: "/api/v1/namespaces/default/serviceaccounts/sa1/token",
    protobufBase64: 'azhzAAooChhhdXRoZW50aWNhdGlvbi5rOHMuaW8vdjESDFRva2VuUmVxdWVzdBIdChAKABIAGgAiACoAMgA4AEIAEgMgkBwaBAoAEgAaACIA',
    json: {"kind":"TokenRequest","apiVersion":"authentication.k8s.io/v1","metadata":{},"spec":{"expirationSeconds":3600},"status":{"token":""}},
  },
  {
    command: "kubectl auth can-i create pods",
    method: 'POST',
    path: "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews",
    protobufBase64: 'azhzAAoyChdhdXRob3JpemF0aW9uLms4cy5pby92MRIXU2VsZlN1YmplY3RBY2Nlc3NSZXZpZXcSPwoQCgASABoAIgAqADIAOABCABIhCh8KB2RlZmF1bHQSBmNyZWF0ZRoAIgAqBHBvZHMyADoAGggIABIAGgAgABoAIgA=',
    json: {"kind":"SelfSubjectAccessReview","apiVersion":"authorization.k8s.io/v1","metadata":{},"spec":{"resourceAttributes":{"namespace":"default","verb":"create","resource":"pods"}},"status":{"allowed":false}},
  },
  {
    command: "kubectl auth whoami",
    method: 'POST',
    path: "/apis/authentication.k8s.io/v1/selfsubjectreviews",
    protobufBase64: 'azhzAAotChhhdXRoZW50aWNhdGlvbi5rOHMuaW8vdjESEVNlbGZTdWJqZWN0UmV2aWV3EhoKEAoAEgAaACIAKgAyADgAQgASBgoECgASABoAIgA=',
    json: {"kind":"SelfSubjectReview","apiVersion":"authentication.k8s.io/v1","metadata":{},"status":{"userInfo":{}}},
  },
  {
    command: "kubectl auth can-i --list",
    method: 'POST',
    path: "/apis/authorization.k8s.io/v1/selfsubjectrulesreviews",
    protobufBase64: 'azhzAAoxChdhdXRob3JpemF0aW9uLms4cy5pby92MRIWU2VsZlN1YmplY3RSdWxlc1JldmlldxIjChAKABIAGgAiACoAMgA4AEIAEgkKB2RlZmF1bHQaBBgAIgAaACIA',
    json: {"kind":"SelfSubjectRulesReview","apiVersion":"authorization.k8s.io/v1","metadata":{},"spec":{"namespace":"default"},"status":{"incomplete":false}},
  },
];
