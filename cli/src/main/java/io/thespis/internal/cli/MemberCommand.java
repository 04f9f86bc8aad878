package io.thespis.internal.cli;

import io.thespis.actor.ActorSystemException;
import io.thespis.actor.SystemBase;
import io.thespis.actor.spi.SystemSettings;
import io.thespis.internal.member.NetworkActorSystem;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * {@code thespis member}: runs this host's system until SIGTERM or SIGINT, which leave the Convention, ask every
 * actor to exit, and end the process with status 0.
 */
@Command(name = "member", mixinStandardHelpOptions = true, versionProvider = Thespis.Version.class,
        description = {"Runs this host's member of a Convention until stopped (SIGTERM/SIGINT).",
                "Every flag may also come from an environment variable (shown) or a --config file key; "
                        + "precedence: flag > environment > config file > default."},
        sortOptions = false)
final class MemberCommand implements Callable<Integer> {
    @Option(names = "--port", paramLabel = "PORT", description = "Admin port; 0 = any free port. [THESPIS_PORT] Default: 1900.")
    private String port;

    @Option(names = "--advertise", paramLabel = "HOST",
            description = "Host or IP others reach this member at; it also listens there. [THESPIS_ADVERTISE] Default: 127.0.0.1.")
    private String advertise;

    @Option(names = "--leader", paramLabel = "HOST:PORT",
            description = "The Convention Leader; the member advertised there leads. None: lead a Convention of its own. [THESPIS_LEADER]")
    private String leader;

    @Option(names = "--capability", paramLabel = "NAME=VALUE",
            description = "A capability; true/false, numbers and strings are typed. Repeatable. [THESPIS_CAPABILITIES, ';'-separated]")
    private List<String> capabilities;

    @Option(names = "--capabilities-file", paramLabel = "FILE",
            description = "A file of NAME=VALUE lines. [THESPIS_CAPABILITIES_FILE]")
    private String capabilitiesFile;

    @Option(names = "--classpath", paramLabel = "JAR_OR_DIR",
            description = "Where the actor classes are. Repeatable. [THESPIS_CLASSPATH, ':'-separated]")
    private List<String> classpath;

    @Option(names = "--message-packages", paramLabel = "PKG,...",
            description = "Packages whose classes may cross hosts as messages. [THESPIS_MESSAGE_PACKAGES]")
    private String messagePackages;

    @Option(names = "--heartbeat-ms", paramLabel = "MS", description = "Heartbeat interval. [THESPIS_HEARTBEAT_MS] Default: 500.")
    private String heartbeatMs;

    @Option(names = "--member-timeout-ms", paramLabel = "MS",
            description = "Silence after which the leader declares a member gone. [THESPIS_MEMBER_TIMEOUT_MS] Default: 2500.")
    private String memberTimeoutMs;

    @Option(names = "--state-dir", paramLabel = "DIR",
            description = "Where loaded sources are kept. [THESPIS_STATE_DIR] Default: $STATE_DIRECTORY (systemd), else a temporary directory.")
    private String stateDir;

    @Option(names = "--source-truststore", paramLabel = "FILE",
            description = "Start the signed-jar Source Authority: a source is valid only if every entry is signed by a certificate in FILE (PKCS12, or JKS). Password, if any: THESPIS_SOURCE_TRUSTSTORE_PASSWORD. [THESPIS_SOURCE_TRUSTSTORE]")
    private String sourceTrustStore;

    @Option(names = "--allow-unvalidated-sources",
            description = "Development only: accept sources no Source Authority validated; refused unless --advertise is loopback. [THESPIS_ALLOW_UNVALIDATED_SOURCES] Default: false.")
    private boolean allowUnvalidatedSources;

    @Option(names = "--max-source-size", paramLabel = "BYTES",
            description = "The largest source accepted, e.g. 64M. [THESPIS_MAX_SOURCE_SIZE] Default: 64M.")
    private String maxSourceSize;

    @Option(names = "--log-config", paramLabel = "FILE",
            description = "The Logback configuration file to log with. [THESPIS_LOG_CONFIG] Default: the one JAVA_OPTS names with -Dlogback.configurationFile, else the distribution's conf/logback.xml.")
    private String logConfig;

    @Option(names = "--metrics-port", paramLabel = "PORT",
            description = "Serve Prometheus metrics at http://ADVERTISE:PORT/metrics (0: any free port). [THESPIS_METRICS_PORT] Default: none.")
    private String metricsPort;

    @Option(names = "--tls-dir", paramLabel = "DIR",
            description = "Mutual TLS on every hop with the certificate thespis certs member --out DIR wrote (NAME.crt, NAME.key, ca.crt). [THESPIS_TLS_DIR] Default: none: plaintext, loopback only.")
    private String tlsDir;

    @Option(names = "--tls-name", paramLabel = "NAME",
            description = "Which certificate in --tls-dir. [THESPIS_TLS_NAME] Default: the advertised host.")
    private String tlsName;

    @Option(names = "--insecure-plaintext",
            description = "Run without TLS on an address other than loopback: unauthenticated, for networks secured by other means. [THESPIS_INSECURE_PLAINTEXT] Default: false.")
    private boolean insecurePlaintext;

    @Option(names = "--config", paramLabel = "FILE", description = "A properties file of settings. [THESPIS_CONFIG]")
    private String config;

    @picocli.CommandLine.Spec
    private picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        MemberSettings settings = MemberSettings.resolve(new MemberSettings.Flags(port, advertise, leader, capabilities,
                capabilitiesFile, classpath, messagePackages, heartbeatMs, memberTimeoutMs, config, stateDir,
                sourceTrustStore, allowUnvalidatedSources, maxSourceSize, logConfig, metricsPort, tlsDir, tlsName,
                insecurePlaintext), System.getenv());
        if (settings.logConfig() != null) {
            // Read by Logback when the first line is logged, which is after this: resolving the settings logs nothing.
            System.setProperty("logback.configurationFile", settings.logConfig().toString());
        }
        NetworkActorSystem system;
        try {
            system = NetworkActorSystem.start(new SystemSettings(SystemBase.NETWORK, settings.capabilities(),
                    settings.port(), settings.advertise(), settings.leader(), settings.messagePackages(),
                    settings.heartbeat(), settings.memberTimeout(), settings.stateDirectory(), settings.sources(),
                    settings.metricsPort(), settings.tls(), settings.insecurePlaintext()),
                    actorClasses(settings.classpath()));
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        } catch (ActorSystemException e) {
            if (e.getCause() instanceof IOException) {
                throw new UsageException("--port/--advertise: " + e.getMessage());
            }
            throw e;
        }
        PrintWriter out = spec.commandLine().getOut();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            int actors = system.status().actorCount();
            out.println("thespis member: stopping (leaving the Convention, asking " + actors + " actors to exit)");
            system.shutdown();
            out.println("thespis member: stopped; " + system.status().actorCount() + " actors left");
            out.flush();
            stopped.countDown();
            // A stop the operator asked for is a success, not death by signal (exit code 143).
            Runtime.getRuntime().halt(0);
        }, "thespis-member-stop"));
        String leads = settings.leader() == null || settings.leader().equals(system.adminAddress())
                ? "as the Convention Leader" : "with leader " + settings.leader();
        out.println("thespis member: listening on " + system.adminAddress() + " " + leads + "; capabilities "
                + settings.capabilities());
        out.flush();
        stopped.await();
        return 0;
    }

    private static ClassLoader actorClasses(List<Path> classpath) {
        ClassLoader parent = MemberCommand.class.getClassLoader();
        if (classpath.isEmpty()) {
            return parent;
        }
        URL[] urls = new URL[classpath.size()];
        for (int i = 0; i < urls.length; i++) {
            try {
                urls[i] = classpath.get(i).toUri().toURL();
            } catch (MalformedURLException e) {
                throw new UsageException("--classpath: not a usable path: " + classpath.get(i));
            }
        }
        return new URLClassLoader("thespis-actors", urls, parent);
    }

}
