package io.thespis.examples.capabilities;

import io.thespis.actor.Actor;
import io.thespis.actor.ActorAddress;
import io.thespis.actor.RequireCapability;

import java.util.Map;

/**
 * The introduction's {@code DBUpdateFromLDAP} (section 2.6.1): stacked requirements. It runs only on a system that
 * has database access and LDAP installed (each present and truthy), and whose LDAP zone is "Active", which its
 * {@code actorSystemCapabilityCheck} checks after the annotations passed.
 */
@RequireCapability("Has DB access")
@RequireCapability("LDAP installed")
public class DBUpdateFromLDAP extends Actor {

    /** Runs only in the active LDAP zone. */
    public static boolean actorSystemCapabilityCheck(Map<String, Object> capabilities,
                                                     Map<String, Object> requirements) {
        return "Active".equals(capabilities.get("LDAP zone"));
    }

    @Override
    protected void receiveMessage(Object message, ActorAddress sender) {
        if (message instanceof String table) {
            send(sender, "updated " + table + " from LDAP");
        }
    }
}
