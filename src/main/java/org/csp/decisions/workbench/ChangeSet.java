package org.csp.decisions.workbench;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Files to write or delete together in the rules folder. */
@Schema(description = "Files to write or delete together in the rules folder")
public record ChangeSet(@Schema(required = true, minItems = 1, maxItems = ChangeSet.MAX_FILES) List<FileChange> changes) {
    public static final int MAX_FILES = 200;
}
