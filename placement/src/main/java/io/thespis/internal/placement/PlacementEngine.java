package io.thespis.internal.placement;

import io.thespis.internal.rules.ActorRequirements;
import io.thespis.internal.rules.PlacementRefusal;
import io.thespis.internal.rules.Verdict;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decides where an actor goes, over a member's cached {@link Directory}: pure, no I/O, no threads. The chosen
 * system re-checks its own current capabilities; when it refuses, the caller asks again with
 * {@link PlacementRequest#excluding(String)}.
 */
public final class PlacementEngine {
    private static final Verdict REFUSED_WHEN_ASKED =
            Verdict.refused("refused when asked (their capabilities had changed)");

    private final PlacementPolicy policy;

    /** An engine choosing by {@code policy}. */
    public PlacementEngine(PlacementPolicy policy) {
        if (policy == null) {
            throw new IllegalArgumentException("placement policy must not be null");
        }
        this.policy = policy;
    }

    /** The system to create the actor on, or empty when none qualifies. */
    public Optional<Candidate> choose(Directory directory, PlacementRequest request) {
        return Optional.ofNullable(policy.choose(directory, new Eligibility(request)));
    }

    /** Every system's verdict for the request, in the stable order. */
    public List<CandidateVerdict> explain(Directory directory, PlacementRequest request) {
        ActorRequirements rules = request.rules();
        List<CandidateVerdict> verdicts = new ArrayList<>(directory.size());
        for (Candidate candidate : directory.candidates()) {
            Verdict verdict = request.excluded().contains(candidate.address()) ? REFUSED_WHEN_ASKED
                    : rules.evaluate(candidate.capabilities(), request.requirements());
            verdicts.add(new CandidateVerdict(candidate.address(), verdict));
        }
        return verdicts;
    }

    /** The message of the {@code NoCompatibleSystemForActor} for a request no system could take. */
    public String refusal(Directory directory, PlacementRequest request) {
        Map<String, Verdict> byAddress = new LinkedHashMap<>();
        for (CandidateVerdict verdict : explain(directory, request)) {
            byAddress.put(verdict.address(), verdict.verdict());
        }
        return PlacementRefusal.message(request.actorClass().getName(), request.requirements(), byAddress);
    }
}
