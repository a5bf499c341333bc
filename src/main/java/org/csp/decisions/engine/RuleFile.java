package org.csp.decisions.engine;

/** One {@code .drl} file: its path relative to the rules folder (with '/' separators) and its text. */
public record RuleFile(String path, String content) {

    /** Decodes a file's bytes as strict UTF-8: malformed input is an error, never silently replaced. */
    public static String utf8(byte[] bytes) throws java.nio.charset.CharacterCodingException {
        return java.nio.charset.StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT)
                .decode(java.nio.ByteBuffer.wrap(bytes)).toString();
    }
}
