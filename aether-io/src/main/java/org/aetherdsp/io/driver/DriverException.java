package org.aetherdsp.io.driver;

/** An audio device or server could not be opened or used; the message says which and why. */
public final class DriverException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed, naming the device or server
     * @param cause   the underlying error, or null
     */
    public DriverException(String message, Throwable cause) {
        super(message, cause);
    }

    /** @param message what failed, naming the device or server */
    public DriverException(String message) {
        super(message);
    }
}
