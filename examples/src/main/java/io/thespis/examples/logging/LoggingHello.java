package io.thespis.examples.logging;

import io.thespis.actor.ActorAddress;
import io.thespis.examples.hello.HelloGoodbye;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The introduction's Hello of section 2.4: logs every message it gets ({@code logging.info('Hello actor got: %s',
 * message)}), then greets as hellogoodbye's does. Its records are {@link ActorLogRecord}s, which carry its address
 * for the formats that show it.
 */
public class LoggingHello extends HelloGoodbye.HelloActor {
    private static final Logger LOG = Logger.getLogger(LoggingHello.class.getName());

    @Override
    protected void receiveMessage(Object message, ActorAddress sender) {
        LOG.log(new ActorLogRecord(Level.INFO, "Hello actor got: " + message, myAddress()));
        super.receiveMessage(message, sender);
    }
}
