package dev.gatehouse.router.dashboard;

import dev.gatehouse.hardware.HardwareSnapshot;
import dev.gatehouse.inference.ModelStatus;
import dev.gatehouse.router.escalation.Cost;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Everything one dashboard update shows, read at one moment from the running parts ({@link DashboardSource}).
 *
 * @param tokensPerSecond measured generation speed per local model (absent until measured)
 * @param traffic         decisions per chosen target since the server started ({@code none}: refused)
 * @param routedTo        decisions per destination: local, provider, refused
 * @param blockedGates    requests whose escalation a gate held back, per gate
 * @param piiFindings     privacy findings per type
 * @param decisions       the newest finished requests, newest first
 * @param costToday       what answers served today cost, per target
 * @param costOutcomes    cost per outcome over the whole decision log, or null when no decision log is kept
 */
public record DashboardInputs(
        Instant now,
        List<ModelStatus> models,
        Map<String, Double> tokensPerSecond,
        HardwareSnapshot hardware,
        Map<String, Double> traffic,
        Map<String, Double> routedTo,
        Map<String, Double> blockedGates,
        Map<String, Double> piiFindings,
        List<DecisionSummary> decisions,
        Map<String, Cost> costToday,
        dev.gatehouse.router.report.CostOutcomes costOutcomes) {}
