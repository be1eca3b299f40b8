package org.deblurgateway.gateway.console;

import io.quarkus.security.identity.SecurityIdentity;

/** Who is logged in to the console, as the pages show it; only admins see the buttons that change things. */
public record ConsoleUser(String name, boolean admin) {

    public static final String ADMIN = "admin";
    public static final String VIEWER = "viewer";

    public static ConsoleUser of(SecurityIdentity identity) {
        return new ConsoleUser(
                identity.isAnonymous() ? "" : identity.getPrincipal().getName(), identity.hasRole(ADMIN));
    }

    public String role() {
        return admin ? ADMIN : VIEWER;
    }
}
