import { randomBytes } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { createServer as createHttpServer } from "node:http";
import { createRequire } from "node:module";
import { join } from "node:path";
import {
  AdminCreateUserCommand,
  AdminGetUserCommand,
  AdminSetUserPasswordCommand,
  CognitoIdentityProviderClient,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  DescribeUserPoolCommand,
  InitiateAuthCommand,
  ListUserPoolClientsCommand,
  ListUserPoolsCommand,
  UpdateUserPoolCommand,
  UserNotFoundException,
} from "@aws-sdk/client-cognito-identity-provider";
// cognito-local's createDefaultServer hard-codes `./.cognito` (relative to the process cwd) and takes
// its issuer from PORT/HOST env at import time. We compose the same parts ourselves so that state lives
// under our dataDir and the issuer matches the port we actually bound: no chdir, no env mutation,
// and two stacks in one process stay independent.
import { DefaultConfig } from "cognito-local/lib/server/config.js";
import { Router } from "cognito-local/lib/server/Router.js";
import { createServer } from "cognito-local/lib/server/server.js";
import { DateClock, LambdaService, MessagesService, TriggersService } from "cognito-local/lib/services/index.js";
import { CognitoServiceFactoryImpl } from "cognito-local/lib/services/cognitoService.js";
import { StormDBDataStoreFactory } from "cognito-local/lib/services/dataStore/stormDb.js";
import type { MessageSender } from "cognito-local/lib/services/messageDelivery/messageSender.js";
import { MessageDeliveryService } from "cognito-local/lib/services/messageDelivery/messageDelivery.js";
import { otp } from "cognito-local/lib/services/otp.js";
import { JwtTokenGenerator } from "cognito-local/lib/services/tokenGenerator.js";
import { attributeValue, UserPoolServiceFactoryImpl } from "cognito-local/lib/services/userPoolService.js";
import { CognitoError, InvalidPasswordError, NotAuthorizedError, UserNotFoundError } from "cognito-local/lib/errors.js";
import { passwordPolicyViolation } from "@code-remote/core/auth";
import { closeServer, listen, LOCAL_CREDENTIALS } from "../net";

type CognitoLogger = Parameters<typeof createServer>[1];

/** cognito-local logs through pino; we take the pino it depends on rather than adding our own copy. */
function silentLogger(): CognitoLogger {
  const cognitoRequire = createRequire(createRequire(import.meta.url).resolve("cognito-local"));
  const pino = cognitoRequire("pino") as (opts: { level: string }) => CognitoLogger;
  return pino({ level: "silent" });
}

/**
 * Triggers (Lambda) and KMS are for custom-sender hooks we never configure. cognito-local would build an
 * aws-sdk v2 Lambda client and load @aws-crypto for them (~350 ms and an end-of-support warning), so we
 * hand it clients that explain themselves if a trigger were ever configured.
 */
const noTriggerRuntime = {
  invoke: () => {
    throw new Error("cognito triggers are not available in local mode");
  },
};

export interface CognitoEmulator {
  endpoint: string;
  /** `http://host:port`: token issuers are `${issuerDomain}/${poolId}`. */
  issuerDomain: string;
  /** The last sign-up (or resent) confirmation code delivered to this email or username, if any. */
  confirmationCode(emailOrUsername: string): string | undefined;
  stop(): Promise<void>;
}

/**
 * Instead of e-mail, confirmation codes go to the stack's log ("confirmation code for x@y: 123456")
 * and are kept in memory (newest per address) so tests can confirm a sign-up as a user would.
 */
class CapturingMessageSender implements MessageSender {
  readonly codes = new Map<string, string>();
  constructor(private readonly log: (line: string) => void) {}
  sendEmail: MessageSender["sendEmail"] = (_ctx, user, destination, message) =>
    this.capture(user.Username, destination, message.__code);
  sendSms: MessageSender["sendSms"] = (_ctx, user, destination, message) =>
    this.capture(user.Username, destination, message.__code);
  private capture(username: string, destination: string, code: string | undefined): Promise<void> {
    if (code) {
      this.codes.set(destination.toLowerCase(), code);
      this.codes.set(username.toLowerCase(), code);
      this.log(`confirmation code for ${destination}: ${code}`);
    }
    return Promise.resolve();
  }
}

export async function startCognito(opts: {
  dir: string;
  port: number;
  host: string;
  log?: (line: string) => void;
}): Promise<CognitoEmulator> {
  const dataDir = join(opts.dir, "db");
  await mkdir(dataDir, { recursive: true });
  // Bind first: the issuer embeds the real port, and the token generator reads it at construction.
  const server = createHttpServer();
  const port = await listen(server, "cognito", opts.port, opts.host);
  const issuerDomain = `http://${opts.host}:${port}`;

  const logger = silentLogger();
  const ctx = { logger };
  const serverConfig = { port, hostname: opts.host, development: false, https: false as const };
  const clock = new DateClock();
  const sender = new CapturingMessageSender(opts.log ?? (() => {}));
  const dataStoreFactory = new StormDBDataStoreFactory(dataDir);
  const cognito = await new CognitoServiceFactoryImpl(
    dataDir,
    dataStoreFactory,
    new UserPoolServiceFactoryImpl(clock, dataStoreFactory),
  ).create(ctx, DefaultConfig.UserPoolDefaults);
  const lambda = new LambdaService({}, noTriggerRuntime as never);
  const triggers = new TriggersService(clock, cognito, lambda, noTriggerRuntime as never);
  const services = {
    clock,
    cognito,
    config: { ...DefaultConfig, TokenConfig: { IssuerDomain: issuerDomain }, ServerConfig: serverConfig },
    messages: new MessagesService(triggers, new MessageDeliveryService(sender)),
    otp,
    tokenGenerator: new JwtTokenGenerator(clock, triggers, { IssuerDomain: issuerDomain }),
    triggers,
  };
  const router = Router(services);
  // cognito-local 5.3 has no ResendConfirmationCode (Amplify's resendSignUpCode): a new code, delivered
  // and stored the way SignUp does it.
  const resendConfirmationCode = async (
    ctx: Parameters<ReturnType<typeof router>>[0],
    req: { ClientId: string; Username: string },
  ) => {
    const userPool = await cognito.getUserPoolForClientId(ctx, req.ClientId);
    const user = await userPool.getUserByUsername(ctx, req.Username);
    if (!user) throw new UserNotFoundError();
    const email = attributeValue("email", user.Attributes);
    if (!email) throw new UserNotFoundError();
    const code = otp();
    const details = { AttributeName: "email" as const, DeliveryMedium: "EMAIL" as const, Destination: email };
    await services.messages.deliver(
      ctx,
      "ResendCode",
      req.ClientId,
      userPool.options.Id,
      user,
      code,
      undefined,
      details,
    );
    await userPool.saveUser(ctx, { ...user, ConfirmationCode: code });
    return { CodeDeliveryDetails: details };
  };
  const routes = ((target: string) =>
    target === "ResendConfirmationCode"
      ? resendConfirmationCode
      : asCognitoAnswers(target, router(target))) as typeof router;
  const app = createServer(routes, logger, serverConfig, services).application;
  server.on("request", app);
  return {
    endpoint: issuerDomain,
    issuerDomain,
    confirmationCode: (who) => sender.codes.get(who.toLowerCase()),
    stop: () => closeServer(server),
  };
}

type Route = ReturnType<ReturnType<typeof Router>>;

/** Where each operation carries a new password (what Cognito checks against the pool's policy). */
const NEW_PASSWORD: Record<string, (req: Record<string, unknown>) => unknown> = {
  SignUp: (req) => req.Password,
  ConfirmForgotPassword: (req) => req.Password,
  ChangePassword: (req) => req.ProposedPassword,
  AdminSetUserPassword: (req) => req.Password,
  AdminCreateUser: (req) => req.TemporaryPassword,
  RespondToAuthChallenge: (req) => (req.ChallengeResponses as Record<string, unknown> | undefined)?.NEW_PASSWORD,
};

/**
 * cognito-local accepts any password and answers a wrong one at sign-in with InvalidPasswordException.
 * Cognito refuses a new password that breaks the pool's policy (InvalidPasswordException, "Password did
 * not conform with policy: ...": the same policy infra/auth.ts gives the cloud pool) and answers a wrong
 * password with NotAuthorizedException "Incorrect username or password.". Test: test/cognito-policy.test.ts.
 */
function asCognitoAnswers(target: string, route: Route): Route {
  const newPassword = NEW_PASSWORD[target];
  return (async (ctx, req) => {
    const candidate = newPassword?.(req as Record<string, unknown>);
    if (typeof candidate === "string") {
      const violation = passwordPolicyViolation(candidate);
      if (violation)
        throw new CognitoError("InvalidPasswordException", `Password did not conform with policy: ${violation}`);
    }
    try {
      return await route(ctx, req);
    } catch (error) {
      if (target === "InitiateAuth" && error instanceof InvalidPasswordError)
        throw new NotAuthorizedError("Incorrect username or password.");
      throw error;
    }
  }) as Route;
}

export interface PoolSetup {
  userPoolId: string;
  clientId: string;
  demoUser: { username: string; password: string };
}

const POOL_NAME = "code-remote-local";
const CLIENT_NAME = "code-remote-web";
const DEMO_USERNAME = "demo@code-remote.local";

export function cognitoClient(endpoint: string, region: string) {
  return new CognitoIdentityProviderClient({ endpoint, region, credentials: LOCAL_CREDENTIALS });
}

/**
 * Find or create the pool, the web client (USER_PASSWORD_AUTH: cognito-local has no SRP) and the demo
 * user. Looked up by name, so a restart on the same dataDir reuses the same ids and tokens stay valid.
 * The demo password is random once per dataDir, kept beside cognito's own state, and re-applied on
 * every start so the printed one always works.
 */
export async function ensurePool(client: CognitoIdentityProviderClient, dir: string): Promise<PoolSetup> {
  const pools = await client.send(new ListUserPoolsCommand({ MaxResults: 60 }));
  // Self sign-up confirms the email with a code, as the cloud pool does (AutoVerifiedAttributes).
  const existingPoolId = pools.UserPools?.find((p) => p.Name === POOL_NAME)?.Id;
  const userPoolId =
    existingPoolId ??
    (await client.send(new CreateUserPoolCommand({ PoolName: POOL_NAME, AutoVerifiedAttributes: ["email"] }))).UserPool
      ?.Id;
  if (!userPoolId) throw new Error("cognito-local did not return a user pool id");
  if (existingPoolId) {
    // Pools made before sign-up existed: turn on the email code (UpdateUserPool replaces these settings).
    const pool = (await client.send(new DescribeUserPoolCommand({ UserPoolId: existingPoolId }))).UserPool;
    if (!pool?.AutoVerifiedAttributes?.includes("email")) {
      await client.send(new UpdateUserPoolCommand({ UserPoolId: existingPoolId, AutoVerifiedAttributes: ["email"] }));
    }
  }

  const clients = await client.send(new ListUserPoolClientsCommand({ UserPoolId: userPoolId, MaxResults: 60 }));
  const clientId =
    clients.UserPoolClients?.find((c) => c.ClientName === CLIENT_NAME)?.ClientId ??
    (
      await client.send(
        new CreateUserPoolClientCommand({
          UserPoolId: userPoolId,
          ClientName: CLIENT_NAME,
          ExplicitAuthFlows: ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
        }),
      )
    ).UserPoolClient?.ClientId;
  if (!clientId) throw new Error("cognito-local did not return a client id");

  const password = await demoPassword(join(dir, "demo-user.json"));
  await upsertUser(client, userPoolId, DEMO_USERNAME, password);
  return { userPoolId, clientId, demoUser: { username: DEMO_USERNAME, password } };
}

async function demoPassword(file: string): Promise<string> {
  try {
    const saved = JSON.parse(await readFile(file, "utf8")) as { password?: unknown };
    if (typeof saved.password === "string" && saved.password) return saved.password;
  } catch {
    // first start (or the file was removed): make a new one below
  }
  // Upper, lower, digit and symbol so the same password also satisfies a real pool's default policy.
  const password = `Demo-${randomBytes(9).toString("base64url")}-7a`;
  await writeFile(file, JSON.stringify({ username: DEMO_USERNAME, password }, null, 2), { mode: 0o600 });
  return password;
}

/** A confirmed user with a permanent password (admin create, then set permanent: no FORCE_CHANGE_PASSWORD). */
export async function upsertUser(
  client: CognitoIdentityProviderClient,
  userPoolId: string,
  username: string,
  password: string,
): Promise<void> {
  try {
    await client.send(new AdminGetUserCommand({ UserPoolId: userPoolId, Username: username }));
  } catch (err) {
    if (!(err instanceof UserNotFoundException)) throw err;
    const attributes = username.includes("@")
      ? [
          { Name: "email", Value: username },
          { Name: "email_verified", Value: "true" },
        ]
      : [];
    await client.send(
      new AdminCreateUserCommand({
        UserPoolId: userPoolId,
        Username: username,
        TemporaryPassword: password,
        MessageAction: "SUPPRESS",
        UserAttributes: attributes,
      }),
    );
  }
  await client.send(
    new AdminSetUserPasswordCommand({
      UserPoolId: userPoolId,
      Username: username,
      Password: password,
      Permanent: true,
    }),
  );
}

export async function signIn(
  client: CognitoIdentityProviderClient,
  clientId: string,
  username: string,
  password: string,
): Promise<{ idToken: string; accessToken: string }> {
  const out = await client.send(
    new InitiateAuthCommand({
      ClientId: clientId,
      AuthFlow: "USER_PASSWORD_AUTH",
      AuthParameters: { USERNAME: username, PASSWORD: password },
    }),
  );
  const idToken = out.AuthenticationResult?.IdToken;
  const accessToken = out.AuthenticationResult?.AccessToken;
  if (!idToken || !accessToken)
    throw new Error(`sign-in of ${username} returned no tokens (challenge: ${out.ChallengeName ?? "none"})`);
  return { idToken, accessToken };
}
