import { PASSWORD_POLICY } from "../packages/core/src/auth";

/**
 * People sign themselves up and confirm their email with a code (the web app's sign-up form). What an
 * account may cost us is bounded by the per-user limits kept in the table (rate, queued jobs).
 */
export const userPool = new sst.aws.CognitoUserPool("Users", {
  usernames: ["email"],
  transform: {
    userPool: (args) => {
      args.autoVerifiedAttributes = ["email"];
      // Cognito's defaults, stated: the local twin and the sign-up form read the same definition.
      args.passwordPolicy = { ...PASSWORD_POLICY };
    },
  },
});

/** USER_PASSWORD_AUTH is allowed because the local twin (cognito-local) supports only that flow. */
export const webClient = userPool.addClient("Web", {
  transform: {
    client: (args) => {
      args.explicitAuthFlows = ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"];
    },
  },
});

export const issuer = $interpolate`https://cognito-idp.${aws.getRegionOutput().name}.amazonaws.com/${userPool.id}`;
