package org.csp.decisions.workbench;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * One file of a change: its path relative to the rules folder, its new text ({@code null} deletes it) and the
 * {@code sha} of the text the analyst started from ({@code null} for a file that did not exist). Publishing refuses
 * the change with 409 when the file on disk is no longer that text.
 */
@Schema(description = "One file of a change")
public record FileChange(
        @Schema(description = "Path relative to the rules folder: a .drl file or a case file", examples = "analyst/ANA-001.drl", required = true) String path,
        @Schema(description = "The new text; null deletes the file", nullable = true) String content,
        @Schema(description = "sha of the text the change started from (GET /rules/files/source); null for a new file", nullable = true) String baseSha) {
}
