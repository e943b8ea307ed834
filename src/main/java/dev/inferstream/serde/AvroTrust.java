package dev.inferstream.serde;

/**
 * Avro 1.12 instantiates generated classes only from packages named in
 * {@code org.apache.avro.SERIALIZABLE_PACKAGES}, read once when Avro's SpecificData loads. This must
 * therefore run before any Avro class is touched; an operator's own setting is extended, not replaced.
 */
public final class AvroTrust {

    public static final String PROPERTY = "org.apache.avro.SERIALIZABLE_PACKAGES";
    static final String AVRO_DEFAULTS = "java.lang,java.math,java.io,java.net,org.apache.avro.reflect";
    static final String OURS = "dev.inferstream.events,dev.inferstream.state";

    private AvroTrust() {}

    /** The packages to trust, for a JVM this one starts: Avro's defaults and the generated events and state. */
    public static String trustedPackages() {
        return AVRO_DEFAULTS + "," + OURS;
    }

    public static void install() {
        String current = System.getProperty(PROPERTY);
        if (current == null || current.isBlank()) {
            System.setProperty(PROPERTY, AVRO_DEFAULTS + "," + OURS);
        } else if (!current.contains(OURS)) {
            System.setProperty(PROPERTY, current + "," + OURS);
        }
    }
}
