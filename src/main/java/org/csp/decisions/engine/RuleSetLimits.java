package org.csp.decisions.engine;

import java.util.List;
import org.csp.decisions.config.RulesConfig;

/**
 * How much a rule set may be: checked before anything is read into memory where the sizes are known from the file
 * system, and before anything is parsed or compiled otherwise. A set that breaks a limit is FAILED with a message
 * naming the limit and its config key, like a compile error (a 30 MB .drl of 25,000 rules used to run the heap out).
 * A set with fewer than {@code minRules} rules is FAILED too: an empty set would tell every caller that nothing applies.
 */
public record RuleSetLimits(int minRules, int maxRules, int maxFiles, long maxFileBytes, long maxTotalBytes) {
    public static final long MIB = 1024L * 1024;
    public static final RuleSetLimits DEFAULTS = new RuleSetLimits(1, 2000, 1000, 4 * MIB, 8 * MIB);

    public static RuleSetLimits of(RulesConfig config) {
        return new RuleSetLimits(config.minRules(), config.maxRules(), config.maxFiles(),
                config.maxFileSize().asLongValue(), config.maxFolderSize().asLongValue());
    }

    /** Before reading: refuses too many files, a file too large or a folder too large. Sizes in bytes, by path. */
    public String checkBeforeReading(List<String> paths, List<Long> sizes) {
        if (paths.size() > maxFiles) {
            return "the rules folder has " + paths.size() + " .drl files, more than rules.max-files (" + maxFiles + ")";
        }
        long total = 0;
        for (int i = 0; i < paths.size(); i++) {
            long size = sizes.get(i);
            if (size > maxFileBytes) {
                return paths.get(i) + " is " + size + " bytes, more than rules.max-file-size (" + maxFileBytes + ")";
            }
            total += size;
        }
        if (total > maxTotalBytes) {
            return "the .drl files add up to " + total + " bytes, more than rules.max-folder-size (" + maxTotalBytes + ")";
        }
        return null;
    }

    /** The same limits on files already in memory (the validate endpoint, the case runner). */
    void checkSizes(List<RuleFile> files, List<RuleError> errors) {
        if (files.size() > maxFiles) {
            errors.add(new RuleError(null, 0, 0, "the rule set has " + files.size()
                    + " .drl files, more than rules.max-files (" + maxFiles + ")"));
            return;
        }
        long total = 0;
        for (RuleFile file : files) {
            long size = utf8Length(file.content());
            if (size > maxFileBytes) {
                errors.add(new RuleError(file.path(), 0, 0, file.path() + " is " + size
                        + " bytes, more than rules.max-file-size (" + maxFileBytes + ")"));
            }
            total += size;
        }
        if (errors.isEmpty() && total > maxTotalBytes) {
            errors.add(new RuleError(null, 0, 0, "the .drl files add up to " + total
                    + " bytes, more than rules.max-folder-size (" + maxTotalBytes + ")"));
        }
    }

    RuleError tooManyRules(int count) {
        return new RuleError(null, 0, 0, "the rule set has " + count + " rules, more than rules.max-rules (" + maxRules
                + "); split the folder or raise the limit (a rule costs about 20 KB of heap and 2 ms to build)");
    }

    void checkRuleCount(int count, List<RuleError> errors) {
        if (count > maxRules) {
            errors.add(tooManyRules(count));
        } else if (count < minRules) {
            errors.add(new RuleError(null, 0, 0, "the rule set has " + count + " rule(s), fewer than rules.min-rules ("
                    + minRules + "): an empty or truncated set would tell every caller that nothing applies"));
        }
    }

    private static long utf8Length(String s) {
        long bytes = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : Character.isSurrogate(c) ? 2 : 3;
        }
        return bytes;
    }
}
