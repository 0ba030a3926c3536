export const userPool = new sst.aws.CognitoUserPool("Users", { usernames: ["email"] });

/** USER_PASSWORD_AUTH is allowed because the local twin (cognito-local) supports only that flow. */
export const webClient = userPool.addClient("Web", {
  transform: {
    client: (args) => {
      args.explicitAuthFlows = ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"];
    },
  },
});

export const issuer = $interpolate`https://cognito-idp.${aws.getRegionOutput().name}.amazonaws.com/${userPool.id}`;
