package io.thespis.reliability;

import java.util.Optional;

/** Whether this host can run the suite: Linux, root, and {@code ip netns}, {@code nft} and {@code tc} working. */
final class HostPreconditions {
    private HostPreconditions() {
    }

    /** Why the suite cannot run here; empty when it can. */
    static Optional<String> unmet() {
        if (!System.getProperty("os.name").equals("Linux")) {
            return Optional.of("needs Linux network namespaces, this is " + System.getProperty("os.name"));
        }
        Commands.Result user = Commands.run("id", "-u");
        if (!user.output().equals("0")) {
            return Optional.of("needs root to create network namespaces, runs as uid " + user.output());
        }
        Commands.Result netns = Commands.run("ip", "netns", "list");
        if (!netns.succeeded()) {
            return Optional.of("`ip netns` does not work: " + netns.output());
        }
        Commands.Result nft = Commands.run("nft", "--version");
        if (!nft.succeeded()) {
            return Optional.of("`nft` is missing (apt-get install nftables; .ci/run does): " + nft.output());
        }
        Commands.Result tc = Commands.run("tc", "-V");
        if (!tc.succeeded()) {
            return Optional.of("`tc` is missing (apt-get install iproute2): " + tc.output());
        }
        return Optional.empty();
    }
}
