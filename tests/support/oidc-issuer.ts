// A local OIDC issuer shaped like GitHub Actions': a key pair, a discovery document and a JWKS on loopback.
import { randomUUID } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from "jose";

export type GithubClaimOptions = {
  repositoryOwner?: string;
  repository?: string;
  repositoryId?: string;
  repositoryOwnerId?: string;
  workflowFile?: string;
  environment?: string;
  audience?: string;
  issuer?: string;
  runId?: string;
  jti?: string;
  /** Seconds since the epoch the token is issued at (now by default); it lasts `lifetime` seconds. */
  iat?: number;
  lifetime?: number;
  /** Signs with another key than the published one (the `kid` stays the issuer's). */
  key?: CryptoKey;
  extra?: Record<string, unknown>;
};

export type OidcIssuer = {
  url: string;
  audience: string;
  mint: (options?: GithubClaimOptions) => Promise<string>;
  /** The claims `mint` would sign, for hand-built tokens. */
  claims: (options?: GithubClaimOptions) => Record<string, unknown>;
  close: () => Promise<void>;
};

const KID = "local-issuer-key";

export async function startOidcIssuer(audience = "http://gallery.test"): Promise<OidcIssuer> {
  const { publicKey, privateKey } = await generateKeyPair("RS256");
  const jwk: JWK = { ...(await exportJWK(publicKey)), kid: KID, alg: "RS256", use: "sig" };
  let url = "";
  const server: Server = createServer((req, res) => {
    const send = (body: unknown) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify(body));
    };
    if (req.url === "/.well-known/openid-configuration")
      return send({ issuer: url, jwks_uri: `${url}/jwks`, id_token_signing_alg_values_supported: ["RS256"] });
    if (req.url === "/jwks") return send({ keys: [jwk] });
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const claims = (o: GithubClaimOptions = {}) => {
    const owner = o.repositoryOwner ?? "contoso";
    const repository = o.repository ?? `${owner}/widgets`;
    const iat = o.iat ?? Math.floor(Date.now() / 1000);
    return {
      iss: o.issuer ?? url,
      aud: o.audience ?? audience,
      sub: `repo:${repository}:${o.environment ? `environment:${o.environment}` : "ref:refs/heads/main"}`,
      repository,
      repository_owner: owner,
      repository_id: o.repositoryId ?? "123456",
      repository_owner_id: o.repositoryOwnerId ?? "654321",
      job_workflow_ref: `${repository}/.github/workflows/${o.workflowFile ?? "release.yml"}@refs/heads/main`,
      workflow: "Release",
      ref: "refs/heads/main",
      run_id: o.runId ?? "9876543210",
      run_attempt: "1",
      event_name: "push",
      ...(o.environment ? { environment: o.environment } : {}),
      jti: o.jti ?? randomUUID(),
      iat,
      nbf: iat - 5,
      exp: iat + (o.lifetime ?? 300),
      ...o.extra,
    };
  };

  return {
    url,
    audience,
    claims,
    mint: (o = {}) =>
      new SignJWT(claims(o)).setProtectedHeader({ alg: "RS256", kid: KID, typ: "JWT" }).sign(o.key ?? privateKey),
    close: () => new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve()))),
  };
}
