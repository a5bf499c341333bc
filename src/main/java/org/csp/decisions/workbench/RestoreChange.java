package org.csp.decisions.workbench;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The answer of {@code GET /rules/versions/{version}/changes}: the change that restores a kept version, in the shape
 * {@code POST /rules/changes/validate} and {@code /publish} take. A record of its own (not {@link ChangeSet}) so the
 * API document can describe the answer exactly, apart from the request.
 */
@Schema(description = "The change that restores a kept version; send it as it is to /rules/changes/validate or /publish")
public record RestoreChange(@Schema(required = true) List<RestoredFile> changes) {

    /** One file of the change: its new text ({@code null} deletes it) and the sha of the file now on disk. */
    @Schema(description = "One file of the change that restores a kept version")
    public record RestoredFile(
            @Schema(description = "Path relative to the rules folder", required = true) String path,
            @Schema(description = "The text to restore; null deletes the file", nullable = true) String content,
            @Schema(description = "sha of the file now in the folder; null when it does not exist", nullable = true) String baseSha) {
    }

    static RestoreChange of(ChangeSet changes) {
        return new RestoreChange(changes.changes().stream()
                .map(c -> new RestoredFile(c.path(), c.content(), c.baseSha())).toList());
    }
}
