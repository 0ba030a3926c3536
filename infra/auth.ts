/**
 * Accounts are created by an operator (README, "Deploy to AWS"): every account can run code in the
 * sandbox at our expense, and the web app has no sign-up form, so Cognito's public SignUp API is off.
 */
export const userPool = new sst.aws.CognitoUserPool("Users", {
  usernames: ["email"],
  transform: {
    userPool: (args) => {
      args.adminCreateUserConfig = { allowAdminCreateUserOnly: true };
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
