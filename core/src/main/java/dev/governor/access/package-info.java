/**
 * People and access: accounts, teams and the roles they give, API tokens as service accounts,
 * sign-in sessions, the throttle on failed sign-ins and the audit log of what people did.
 *
 * <p>Who may do what is a pure function here ({@link Principal#mayFor}); the server's HTTP adapter
 * finds out who asks (a session cookie or a bearer token) and asks this package.
 */
package dev.governor.access;
