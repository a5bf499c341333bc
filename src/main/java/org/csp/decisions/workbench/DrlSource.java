package org.csp.decisions.workbench;

import java.util.List;

/** Finds a rule's text in its .drl file: from the line of {@code rule "..."} to its {@code end}. */
final class DrlSource {
    private DrlSource() {
    }

    /** A block of lines, 1-based and inclusive. */
    record Block(int firstLine, int lastLine, List<String> lines) {
        String text() {
            return String.join("\n", lines);
        }
    }

    static Block ruleBlock(String content, int line) {
        List<String> all = content.lines().toList();
        int first = Math.max(1, Math.min(line, all.size()));
        int last = all.size();
        for (int i = first; i < all.size(); i++) { // the 'rule' line itself is index first-1
            String trimmed = all.get(i).strip();
            if (trimmed.equals("end") || trimmed.startsWith("end ") || trimmed.startsWith("end//")) {
                last = i + 1;
                break;
            }
        }
        return new Block(first, last, all.isEmpty() ? List.of() : all.subList(first - 1, last));
    }
}
