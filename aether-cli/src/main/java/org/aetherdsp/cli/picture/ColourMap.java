package org.aetherdsp.cli.picture;

/**
 * Matplotlib's "inferno" colour map (perceptually uniform, readable in grey scale and by most
 * colour-blind readers), from 11 of its stops, interpolated linearly.
 */
final class ColourMap {

    private static final int[] STOPS = {
        0x000004, 0x160b39, 0x420a68, 0x6a176e, 0x932667, 0xbc3754,
        0xdd513a, 0xf37819, 0xfca50a, 0xf6d746, 0xfcffa4,
    };

    private ColourMap() {
    }

    /**
     * @param t position in the map, 0 (black: silence) to 1 (pale yellow: loudest); clamped
     * @return the colour as 0xRRGGBB
     */
    static int rgb(double t) {
        double x = Math.max(0, Math.min(1, t)) * (STOPS.length - 1);
        int i = Math.min(STOPS.length - 2, (int) x);
        double f = x - i;
        int a = STOPS[i];
        int b = STOPS[i + 1];
        int r = mix(a >> 16, b >> 16, f);
        int g = mix(a >> 8, b >> 8, f);
        int bl = mix(a, b, f);
        return r << 16 | g << 8 | bl;
    }

    private static int mix(int a, int b, double f) {
        return (int) Math.round((a & 0xff) * (1 - f) + (b & 0xff) * f);
    }
}
