package org.deblurgateway.gateway.trail;

/**
 * How people log in to the console ({@code gateway.console.login}); the names are Quarkus' authentication mechanisms,
 * which the console's path permission takes as they are.
 */
public enum ConsoleLogin {
    /** The console's own login form against the users of the configuration (hashed passwords). */
    FORM,
    /** OpenID Connect authorization code flow against the provider at {@code quarkus.oidc.auth-server-url}. */
    CODE
}
