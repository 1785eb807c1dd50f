// The server's /v1-skiff/ endpoints, which a joining `skiff agent` uses before it has credentials (k3s: /cacerts,
// /v1-k3s/client-kubelet.crt, /v1-k3s/serving-kubelet.crt):
//   GET  /v1-skiff/cacerts            public: the cluster CA (the agent checks it against the hash in its token)
//   POST /v1-skiff/node-credentials   join token (or admin): {nodeName, addresses[]} → CA + client + serving certs
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { UserInfo } from '../apiserver/auth/user.js';
import { readBody, parseJson } from '../apiserver/http/body.js';
import { sendJson, sendText, sendError } from '../apiserver/http/respond.js';
import { ApiError, badRequest, methodNotAllowed, resourceNotFound, unauthorized } from '../machinery/errors.js';
import { issueNodeCredentials, type CertKeyPair } from '../pki/index.js';

export const JOIN_GROUP = 'system:bootstrappers:skiff';

export interface NodeCredentialsRequest { nodeName: string; addresses?: string[] }
export interface NodeCredentialsResponse { ca: string; clientCert: string; clientKey: string; servingCert: string; servingKey: string }

export function supervisorHandler(ca: CertKeyPair, log?: (msg: string) => void) {
  return async (req: IncomingMessage, res: ServerResponse, path: string, user: UserInfo | undefined): Promise<void> => {
    try {
      if (path === '/v1-skiff/cacerts') {
        if (req.method !== 'GET') throw methodNotAllowed(`${req.method} is not supported on ${path}`);
        return sendText(res, 200, ca.certPem, 'application/x-pem-file');
      }
      if (path === '/v1-skiff/node-credentials') {
        if (req.method !== 'POST') throw methodNotAllowed(`${req.method} is not supported on ${path}`);
        if (!user) throw unauthorized();
        if (!user.groups.includes(JOIN_GROUP) && !user.groups.includes('system:masters')) {
          throw new ApiError(403, 'Forbidden', `user "${user.username}" cannot join nodes: use the server's join token (--token)`);
        }
        const body = parseJson(await readBody(req)) as Partial<NodeCredentialsRequest> | null;
        if (!body || typeof body !== 'object' || typeof body.nodeName !== 'string') throw badRequest('expected a JSON object {"nodeName": "...", "addresses": ["..."]}');
        const addresses = Array.isArray(body.addresses) ? body.addresses.filter((a): a is string => typeof a === 'string') : [];
        let creds;
        try {
          creds = await issueNodeCredentials(ca, body.nodeName, addresses);
        } catch (e) {
          throw badRequest((e as Error).message);
        }
        log?.(`issued node credentials for ${body.nodeName} (${addresses.join(', ') || 'no addresses'}) to ${user.username}`);
        const out: NodeCredentialsResponse = { ca: creds.caPem, clientCert: creds.client.certPem, clientKey: creds.client.keyPem, servingCert: creds.serving.certPem, servingKey: creds.serving.keyPem };
        return sendJson(res, 200, out);
      }
      throw resourceNotFound();
    } catch (e) {
      sendError(res, e);
    }
  };
}
