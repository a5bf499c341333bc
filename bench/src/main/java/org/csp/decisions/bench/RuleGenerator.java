package org.csp.decisions.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.csp.decisions.engine.RuleFile;

/**
 * Generates DRL that looks like the bundled catalogue: one file per area, every rule named {@code "<ID> <title>"}
 * with the full quoted metadata (id, category, severity, source, citation, paraphrase, explanation with
 * placeholders, numbered recommendations, interpretation), conditions in the catalogue's shapes (nested field
 * tests, numeric thresholds, enum disjunctions, Profile flags, not/exists over partners, several patterns joined)
 * and a consequence that only emits through the FindingCollector. Ids, titles and thresholds are distinct per rule.
 */
public final class RuleGenerator {
    private static final String[][] AREAS = {
            {"GOVERNANCE", "XGOV", "governance"}, {"FUNDING", "XFUN", "funding"},
            {"PHASE_CHALLENGE", "XPHA", "phase"}, {"COORDINATION_GAP", "XCOO", "coordination"},
            {"PARTNER_FIT", "XFIT", "fit"}, {"LEARNING", "XLEA", "learning"},
            {"LEGITIMACY_RISK", "XLEG", "legitimacy"}, {"DEFINITION", "XDEF", "definition"}};
    private static final String[] SEVERITIES = {"HIGH", "MEDIUM", "LOW", "INFO"};
    private static final String[] PHASES = {"EARLIER", "MIDDLE", "LATER"};

    private RuleGenerator() {
    }

    /** {@code count} rules spread over the eight areas, {@code perFile} rules to a file. */
    public static List<RuleFile> generate(int count, int perFile) {
        List<RuleFile> files = new ArrayList<>();
        StringBuilder file = null;
        String area = null;
        int fileNo = 0;
        for (int i = 0; i < count; i++) {
            if (i % perFile == 0) {
                if (file != null) {
                    files.add(new RuleFile("generated/" + area + "-" + fileNo + ".drl", file.toString()));
                }
                fileNo++;
                area = AREAS[(fileNo - 1) % AREAS.length][2];
                file = new StringBuilder(perFile * 2200);
                file.append("// Generated for the compilation benchmark: catalogue shapes, distinct ids and thresholds.\n")
                        .append("package org.csp.rules.generated.").append(area).append(fileNo).append(";\n\n")
                        .append("import org.csp.decisions.model.*;\n\n");
            }
            rule(file, i, AREAS[(fileNo - 1) % AREAS.length]);
        }
        if (file != null) {
            files.add(new RuleFile("generated/" + area + "-" + fileNo + ".drl", file.toString()));
        }
        return files;
    }

    private static void rule(StringBuilder out, int i, String[] area) {
        String id = area[1] + "-" + String.format(Locale.ROOT, "%04d", i + 1);
        int shape = i % 8;
        // thresholds differ per rule: 0.300 .. 0.999, 1 .. 120 months, 1 .. 40 partnerships
        String share = String.format(Locale.ROOT, "%.3f", 0.3 + (i * 37 % 700) / 1000.0);
        int months = 1 + (i * 13 % 120);
        int others = 1 + (i * 7 % 40);
        String phase = PHASES[i % PHASES.length];
        String title;
        String when;
        String then;
        String explanation;
        switch (shape) {
            case 0 -> {
                title = "Power imbalance at " + share + " of resources, variant " + i;
                when = "    Partnership( governance.formalStructure == false )\n"
                        + "    $partner : Partner( resourceShare != null, resourceShare >= " + share + " )\n";
                then = "        .partnership(\"governance.formalStructure\", false)\n"
                        + "        .subject($partner)\n"
                        + "        .partner($partner, \"resourceShare\", $partner.resourceShare());\n";
                explanation = "Partner {subjects} contributes at least " + share + " of the resources without a formal "
                        + "governance structure; disparities in contributions can create power imbalances.";
            }
            case 1 -> {
                title = "Short-term grants above " + share + ", variant " + i;
                when = "    $partnership : Partnership( financing.shortTermGrantShare != null, "
                        + "financing.shortTermGrantShare >= " + share + ",\n"
                        + "            infrastructure.status == InfrastructureStatus.NONE\n"
                        + "                || infrastructure.status == InfrastructureStatus.FRAGILE )\n";
                then = "        .partnership(\"financing.shortTermGrantShare\", $partnership.financing().shortTermGrantShare())\n"
                        + "        .partnership(\"infrastructure.status\", $partnership.infrastructure().status());\n";
                explanation = "At least " + share + " of the funding is short-term grants while the infrastructure is "
                        + "missing or fragile. Reported share: {share}.";
                then = then.substring(0, then.length() - 2) + "\n        .param(\"share\", "
                        + "$partnership.financing().shortTermGrantShare());\n";
            }
            case 2 -> {
                title = "Project of at most " + months + " months, variant " + i;
                when = "    $partnership : Partnership( projectBased == true, durationMonths != null, durationMonths <= "
                        + months + " )\n";
                then = "        .partnership(\"projectBased\", true)\n"
                        + "        .partnership(\"durationMonths\", $partnership.durationMonths());\n";
                explanation = "The partnership is a project of at most " + months + " months; systemic change takes "
                        + "longer than one project cycle.";
            }
            case 3 -> {
                title = "Unmanaged nonprofit-business interfaces in " + phase.toLowerCase(Locale.ROOT) + " phase, variant " + i;
                when = "    Profile( hasBusiness == true, hasNonprofit == true )\n"
                        + "    Partnership( phase == Phase." + phase + ", governance.interfacesActivelyManaged == false )\n";
                then = "        .profile(\"hasBusiness\", true)\n"
                        + "        .profile(\"hasNonprofit\", true)\n"
                        + "        .partnership(\"governance.interfacesActivelyManaged\", false);\n";
                explanation = "Nonprofit and business partners meet without actively managed interfaces in the "
                        + phase.toLowerCase(Locale.ROOT) + " phase.";
            }
            case 4 -> {
                title = "No weak partner yet " + phase.toLowerCase(Locale.ROOT) + " phase without vision, variant " + i;
                when = "    Partnership( phase == Phase." + phase + ", sharedVision == false )\n"
                        + "    not Partner( capabilityStrength == CapabilityStrength.WEAK )\n"
                        + "    exists Partner( origin == null || origin != Origin.INTERNATIONAL )\n";
                then = "        .partnership(\"phase\", Phase." + phase + ")\n"
                        + "        .partnership(\"sharedVision\", false);\n";
                explanation = "Capable partners in the " + phase.toLowerCase(Locale.ROOT)
                        + " phase still lack a shared vision.";
            }
            case 5 -> {
                title = "Crowded field of " + others + " partnerships, variant " + i;
                when = "    $partnership : Partnership( geographicScope == GeographicScope.LOCAL "
                        + "|| geographicScope == GeographicScope.REGIONAL )\n"
                        + "    $coordination : Coordination( otherPartnershipsInField != null, otherPartnershipsInField >= "
                        + others + " )\n";
                then = "        .partnership(\"geographicScope\", $partnership.geographicScope())\n"
                        + "        .coordination(\"otherPartnershipsInField\", $coordination.otherPartnershipsInField())\n"
                        + "        .param(\"others\", $coordination.otherPartnershipsInField());\n";
                explanation = "{others} other partnerships work in the same local or regional field (threshold " + others
                        + "); without coordination they duplicate work.";
            }
            case 6 -> {
                title = "Low-alignment company with brand licensing, variant " + i;
                when = "    $agreements : Agreements( brandLicensing == true )\n"
                        + "    Profile( npoAndCompany == true )\n"
                        + "    $company : Partner( sector == Sector.BUSINESS, valuesAlignment == ValuesAlignment.LOW )\n";
                then = "        .agreements(\"brandLicensing\", true)\n"
                        + "        .profile(\"npoAndCompany\", true)\n"
                        + "        .subject($company)\n"
                        + "        .partner($company, \"valuesAlignment\", $company.valuesAlignment())\n"
                        + "        .param(\"specificity\", $agreements.contractSpecificity() == null\n"
                        + "                ? \"unknown\" : $agreements.contractSpecificity().name());\n";
                explanation = "Company {subjects} has low values alignment and licenses the nonprofit's brand. "
                        + "Reported contract specificity: {specificity}.";
            }
            default -> {
                title = "Measurement gap with data sharing, variant " + i;
                when = "    $partnership : Partnership( dataSharing == DataSharing.NONE || dataSharing == DataSharing.AD_HOC,\n"
                        + "            measurement.targets == Targets.NONE || measurement.targets == Targets.VAGUE )\n";
                then = "        .partnership(\"dataSharing\", $partnership.dataSharing())\n"
                        + "        .partnership(\"measurement.targets\", $partnership.measurement().targets());\n";
                explanation = "Data are shared {sharing} and targets are missing or vague.";
                then = then.substring(0, then.length() - 2) + "\n        .param(\"sharing\", $partnership.dataSharing());\n";
            }
        }
        String severity = SEVERITIES[i % SEVERITIES.length];
        out.append("rule \"").append(id).append(' ').append(title).append("\"\n")
                .append("    @id(\"").append(id).append("\")\n")
                .append("    @category(\"").append(area[0]).append("\")\n")
                .append("    @severity(\"").append(severity).append("\")\n")
                .append("    @source(\"00").append(i % 7).append("_generated_").append(i).append(".txt\")\n")
                .append("    @citation(\"Generated citation ").append(i).append(", Journal of Benchmarks (2025)\")\n")
                .append("    @paraphrase(\"A generated paraphrase of the research finding behind rule ").append(id)
                .append(", long enough to resemble the catalogue's paraphrases of published work.\")\n")
                .append("    @explanation(\"").append(explanation).append("\")\n")
                .append("    @recommendation1(\"Act on finding ").append(id).append(" first.\")\n")
                .append("    @recommendation2(\"Review the threshold of ").append(id).append(" with the analysts.\")\n")
                .append("    @interpretation(\"Generated rule ").append(i).append(": the threshold is chosen for the benchmark.\")\n")
                .append("when\n").append(when)
                .append("    $findings : FindingCollector()\n")
                .append("then\n")
                .append("    $findings.emit(kcontext)\n").append(then)
                .append("end\n\n");
    }

    /** Prints one generated file (for a look at the shapes): java ... RuleGenerator [count] [perFile]. */
    public static void main(String[] args) {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 8;
        int perFile = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        generate(count, perFile).forEach(f -> System.out.println("// === " + f.path() + "\n" + f.content()));
    }
}
