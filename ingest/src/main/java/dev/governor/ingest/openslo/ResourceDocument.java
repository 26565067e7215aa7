package dev.governor.ingest.openslo;

import dev.governor.slo.ResourceKind;

/**
 * One OpenSLO document that passed every check that needs no other document.
 *
 * @param kind the OpenSLO kind
 * @param name its {@code metadata.name}
 * @param source the YAML of this document alone, as the user wrote it (comments included), or for
 *     a Sloth spec the OpenSLO YAML Governor generated from it; {@link SpecParser#parse} of it gives
 *     this document back
 * @param file the file the document came from, as the caller named it
 * @param document its 1-based position among the file's documents
 * @param line the file's line where {@code source} starts (for a Sloth translation: where the
 *     Sloth document starts)
 */
public record ResourceDocument(ResourceKind kind, String name, String source, String file, int document, int line) {}
