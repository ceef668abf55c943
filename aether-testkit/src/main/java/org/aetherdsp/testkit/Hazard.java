package org.aetherdsp.testkit;

/**
 * What a piece of real-time code does that it must not. The text is the reason printed in
 * a violation, so tests and users can search for it.
 */
enum Hazard {
    NEW_OBJECT("constructs an object"),
    NEW_ARRAY("allocates an array"),
    BOXING("boxes a primitive"),
    STRING_BUILDING("builds a string"),
    TO_STRING("calls toString()"),
    ALLOCATING_JDK_API("calls an allocating JDK API"),
    STREAM("uses a stream"),
    OPTIONAL("uses Optional"),
    CAPTURING_LAMBDA("creates a capturing lambda"),
    UNKNOWN_INVOKEDYNAMIC("uses an invokedynamic that is not known to be allocation-free"),
    REFLECTION("uses reflection"),
    SYNCHRONIZED_METHOD("is a synchronized method"),
    CALLS_SYNCHRONIZED("calls a synchronized method"),
    SYNCHRONIZED_BLOCK("enters a synchronized block"),
    LOCK("uses a lock"),
    BLOCKING("blocks the thread"),
    IO("does I/O"),
    LOGGING("logs"),
    SYSTEM("calls a java.lang.System method that is not real-time safe"),
    UNVERIFIABLE("cannot be verified");

    final String text;

    Hazard(String text) {
        this.text = text;
    }
}
