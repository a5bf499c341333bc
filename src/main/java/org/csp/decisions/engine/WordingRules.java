package org.csp.decisions.engine;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The house rules about a rule's words (issue 12, FINDINGS.md 1.1.0 wording rule and section C), checked at load:
 * <ul>
 * <li>Advice is marked as research ({@code @recommendationN}) or practice ({@code @practiceN}); every other metadata
 * key is refused, so advice cannot hide under an unrecognised key ({@code @recommendation}, {@code @advice},
 * {@code @note}) where the service would silently drop it, or be shown as research when it is not.</li>
 * <li>Both series are numbered from 1 without gaps; {@code @recommendationNIf} / {@code @practiceNIf} belong to an
 * existing piece of advice and parse ({@link Advice}); the same text is not both research and practice; a finding
 * says what to do (at least one piece of advice).</li>
 * <li>{@code @paraphrase} is a full sentence saying what the research found, not a locator such as "Second
 * Later-phase recommendation.": it starts with a capital letter, digit or opening quote, ends with {@code .},
 * {@code !} or {@code ?} (a closing quote or bracket may follow) and has at least {@value #MIN_PARAPHRASE_WORDS}
 * words. The check is deliberately shallow - no guessing at verbs or grammar, which is where false alarms come
 * from: a sentence that says who found what needs a subject, a verb and what was found, and the shortest such
 * paraphrase among the bundled rules and the catalogue has 9 words, while the locators found in them had 3 to 6.</li>
 * <li>Explanation and every piece of advice are sentences in the same sense (capital or placeholder first, terminal
 * punctuation), with well-formed placeholders: a stray brace would reach callers verbatim.</li>
 * </ul>
 */
final class WordingRules {
    static final int MIN_PARAPHRASE_WORDS = 8;
    static final String RESEARCH = "recommendation";
    static final String PRACTICE = "practice";
    static final Set<String> FIXED_KEYS = Set.of("id", "category", "severity", "source", "citation", "paraphrase",
            "explanation", "interpretation");
    private static final Pattern ADVICE_KEY = Pattern.compile("^(recommendation|practice)([1-9][0-9]*)(If)?$");
    /** The research passages a finding rests on ({@code @passage1("002#p31")}), checked against the traceability map. */
    private static final Pattern PASSAGE_KEY = Pattern.compile("^passage[1-9][0-9]*$");
    private static final Pattern SENTENCE_START = Pattern.compile("^[\"'\u201c\u2018(]?[\\p{Lu}0-9{]");
    private static final Pattern SENTENCE_END = Pattern.compile("[.!?][\"'\u201d\u2019)]*$");
    private static final Pattern PLACEHOLDER_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]*");
    private static final Pattern CHOICE_HEAD = Pattern.compile("\\s*[A-Za-z][A-Za-z0-9_]*\\s*:");

    private WordingRules() {
    }

    /** Reports every metadata key that is neither a fixed key nor numbered advice. */
    static void checkKeys(Set<String> keys, BiConsumer<String, String> error) {
        for (String key : keys) {
            if (!FIXED_KEYS.contains(key) && !ADVICE_KEY.matcher(key).matches() && !PASSAGE_KEY.matcher(key).matches()) {
                error.accept(key, "unknown metadata @" + key + "; advice must be marked as research "
                        + "(@recommendation1, @recommendation2, ...) or as practice (@practice1, ...), and the other "
                        + "keys are " + String.join(", ", FIXED_KEYS.stream().sorted().map(k -> "@" + k).toList())
                        + " and the research passages @passage1, @passage2, ...");
            }
        }
    }

    /** The advice of one series ("recommendation" or "practice"), in order, with its conditions. */
    static List<Advice> advice(String series, Map<String, String> meta, BiConsumer<String, String> error) {
        List<Advice> out = new ArrayList<>();
        int declared = 0;
        for (String key : meta.keySet()) {
            var m = ADVICE_KEY.matcher(key);
            if (m.matches() && m.group(1).equals(series)) {
                if (m.group(3) == null) {
                    declared++;
                } else if (!meta.containsKey(series + m.group(2))) {
                    error.accept(key, "@" + key + " makes @" + series + m.group(2) + " conditional, but there is no @"
                            + series + m.group(2));
                }
            }
        }
        for (int i = 1; meta.containsKey(series + i); i++) {
            String key = series + i;
            try {
                out.add(Advice.of(meta.get(key), meta.get(key + "If")));
            } catch (IllegalArgumentException e) {
                error.accept(key + "If", "@" + key + "If: " + e.getMessage());
            }
            checkSentence(key, meta.get(key), error);
        }
        if (declared != countNumbered(series, meta)) {
            error.accept(series + "1", "@" + series + "N must be numbered @" + series + "1, @" + series + "2, ... "
                    + "without gaps");
        }
        return out;
    }

    private static int countNumbered(String series, Map<String, String> meta) {
        int n = 0;
        while (meta.containsKey(series + (n + 1))) {
            n++;
        }
        return n;
    }

    /** A finding says what to do, and each piece of advice is either research or practice, not both. */
    static void checkAdvice(List<Advice> recommendations, List<Advice> practice, BiConsumer<String, String> error) {
        if (recommendations.isEmpty() && practice.isEmpty()) {
            error.accept("recommendation1", "missing metadata @recommendation1(\"...\") or @practice1(\"...\"): a "
                    + "finding says what to do");
        }
        Set<String> research = new HashSet<>();
        recommendations.forEach(a -> research.add(a.text()));
        for (int i = 0; i < practice.size(); i++) {
            if (research.contains(practice.get(i).text())) {
                error.accept("practice" + (i + 1), "@practice" + (i + 1) + " repeats a @recommendation: advice is "
                        + "either from the cited research or practice the catalogue adds, not both");
            }
        }
    }

    /** Paraphrase, explanation: see the class comment. */
    static void checkWords(Map<String, String> meta, BiConsumer<String, String> error) {
        String paraphrase = meta.get("paraphrase");
        if (paraphrase != null && !paraphrase.isBlank()) {
            String p = paraphrase.strip();
            int words = p.split("\\s+").length;
            if (!SENTENCE_START.matcher(p).find() || !SENTENCE_END.matcher(p).find()
                    || words < MIN_PARAPHRASE_WORDS) {
                error.accept("paraphrase", "@paraphrase(\"" + abbreviate(p) + "\") is not a full sentence saying what "
                        + "the research found (it needs a capital first letter, a final full stop and at least "
                        + MIN_PARAPHRASE_WORDS + " words; it has " + words + "); a locator such as \"Second "
                        + "Later-phase recommendation.\" belongs in the citation, e.g. \"The report recommends that "
                        + "Later-phase partnerships employ a learning practice that delivers evidence of results.\"");
            }
        }
        checkSentence("explanation", meta.get("explanation"), error);
    }

    private static void checkSentence(String key, String text, BiConsumer<String, String> error) {
        if (text == null || text.isBlank()) {
            return;
        }
        String t = text.strip();
        if (!SENTENCE_START.matcher(t).find() || !SENTENCE_END.matcher(t).find()) {
            error.accept(key, "@" + key + "(\"" + abbreviate(t) + "\") must be a full sentence: a capital first "
                    + "letter (or a {placeholder}) and a final full stop, question or exclamation mark");
        }
        if (hasStrayBrace(t)) {
            error.accept(key, "@" + key + " has a brace that is not part of a {name} or {name: key = text | ...} "
                    + "placeholder: callers would see it verbatim");
        }
    }

    /**
     * True when a brace is not part of a placeholder: {@code {name}} or a choice {@code {name: key = text | ...}}
     * (whose texts may hold placeholders themselves), as {@link ExplanationTemplate} reads them.
     */
    static boolean hasStrayBrace(String text) {
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '}') {
                return true;
            }
            if (c == '{') {
                int close = ExplanationTemplate.matchingBrace(text, i);
                if (close < 0) {
                    return true;
                }
                String inside = text.substring(i + 1, close);
                if (PLACEHOLDER_NAME.matcher(inside).matches()) {
                    i = close + 1;
                    continue;
                }
                Matcher head = CHOICE_HEAD.matcher(inside);
                if (!head.lookingAt()) {
                    return true;
                }
                for (String option : inside.substring(head.end()).split("\\|(?![^{]*})")) {
                    int equals = option.indexOf('=');
                    if (equals < 0 || hasStrayBrace(option.substring(equals + 1))) {
                        return true;
                    }
                }
                i = close + 1;
                continue;
            }
            i++;
        }
        return false;
    }

    private static String abbreviate(String text) {
        return text.length() <= 60 ? text : text.substring(0, 57) + "...";
    }
}
