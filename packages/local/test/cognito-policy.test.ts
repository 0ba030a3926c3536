// The local Cognito twin answers as Cognito does where the web app depends on it: a new password that
// breaks the pool's policy is refused (sign-up, reset, admin set), a wrong password is
// NotAuthorizedException, and the forgot-password flow delivers a code that resets the password.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  ConfirmForgotPasswordCommand,
  ForgotPasswordCommand,
  InvalidPasswordException,
  NotAuthorizedException,
  SignUpCommand,
  AdminSetUserPasswordCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type CognitoEmulator,
  cognitoClient,
  ensurePool,
  type PoolSetup,
  signIn,
  startCognito,
} from "../src/emulators/cognito";

let dir: string;
let cognito: CognitoEmulator;
let client: ReturnType<typeof cognitoClient>;
let pool: PoolSetup;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "cognito-policy-"));
  cognito = await startCognito({ dir, port: 0, host: "127.0.0.1" });
  client = cognitoClient(cognito.endpoint, "us-east-1");
  pool = await ensurePool(client, dir);
});
afterAll(async () => {
  client?.destroy();
  await cognito?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const refusal = async (promise: Promise<unknown>) => {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(InvalidPasswordException);
  return (error as Error).message;
};

describe("the local Cognito twin", () => {
  it("refuses a sign-up whose password breaks the policy, naming the rule as Cognito does", async () => {
    const signUp = (Password: string) =>
      client.send(
        new SignUpCommand({
          ClientId: pool.clientId,
          Username: "weak@code-remote.local",
          Password,
          UserAttributes: [{ Name: "email", Value: "weak@code-remote.local" }],
        }),
      );
    expect(await refusal(signUp("short"))).toBe("Password did not conform with policy: Password not long enough");
    expect(await refusal(signUp("nouppercase1!"))).toBe(
      "Password did not conform with policy: Password must have uppercase characters",
    );
    expect(await refusal(signUp("NoSymbolHere1"))).toBe(
      "Password did not conform with policy: Password must have symbol characters",
    );
    await expect(signUp("Strong-Passw0rd")).resolves.toBeDefined();
  });

  it("refuses a weak password set by an admin too", async () => {
    await refusal(
      client.send(
        new AdminSetUserPasswordCommand({
          UserPoolId: pool.userPoolId,
          Username: pool.demoUser.username,
          Password: "password",
          Permanent: true,
        }),
      ),
    );
  });

  it("answers a wrong password with NotAuthorizedException", async () => {
    const error = await signIn(client, pool.clientId, pool.demoUser.username, "Wrong-Passw0rd").catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(NotAuthorizedException);
    expect((error as Error).message).toBe("Incorrect username or password.");
  });

  it("resets a forgotten password with the delivered code, under the same policy", async () => {
    const username = pool.demoUser.username;
    await client.send(new ForgotPasswordCommand({ ClientId: pool.clientId, Username: username }));
    const code = cognito.confirmationCode(username);
    expect(code).toMatch(/^\d{6}$/);
    await refusal(
      client.send(
        new ConfirmForgotPasswordCommand({
          ClientId: pool.clientId,
          Username: username,
          ConfirmationCode: code,
          Password: "weakpass",
        }),
      ),
    );
    await client.send(
      new ConfirmForgotPasswordCommand({
        ClientId: pool.clientId,
        Username: username,
        ConfirmationCode: code,
        Password: "New-Passw0rd!",
      }),
    );
    await expect(signIn(client, pool.clientId, username, "New-Passw0rd!")).resolves.toMatchObject({
      idToken: expect.any(String),
    });
    const old = await signIn(client, pool.clientId, username, pool.demoUser.password).catch(
      (caught: unknown) => caught,
    );
    expect(old).toBeInstanceOf(NotAuthorizedException);
  });
});
