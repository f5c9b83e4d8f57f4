// Reference outputs for src/java/double.rs: how the running JDK's Double.toString prints doubles.
// Run it on JDK 17 (API Gateway's behaviour); JDK 19 and later print differently (JDK-4511638).
//
// Every output line is `<raw bits in hex> <Double.toString>`, e.g. `3ff0000000000000 1.0`.
//
// Usage: java DoubleCases.java sweep COUNT SEED
//            the fixed sets below, then COUNT pseudo-random doubles of each random kind
//        java DoubleCases.java bits < FILE
//            one line per hex bit pattern read (first word of each line; blank and # lines
//            skipped). Regenerates src/java/double_cases.txt from its own first column:
//            grep -v '^#' src/java/double_cases.txt | java harness/src/DoubleCases.java bits

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

public class DoubleCases {
    private static BufferedWriter out;

    private static void emit(double d) throws IOException {
        out.write(Long.toHexString(Double.doubleToRawLongBits(d)));
        out.write(' ');
        out.write(Double.toString(d));
        out.write('\n');
    }

    /** d and its neighbours up to `ulps` steps away on either side. */
    private static void around(double d, int ulps) throws IOException {
        double down = d;
        double up = d;
        emit(d);
        for (int i = 0; i < ulps; i++) {
            down = Math.nextDown(down);
            up = Math.nextUp(up);
            emit(down);
            emit(up);
        }
    }

    private static void fixed() throws IOException {
        double[] specials = {
            0.0, -0.0, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
            Double.MIN_VALUE, Double.MAX_VALUE, Double.MIN_NORMAL, 1.0, -1.0, 0.1 + 0.2,
        };
        for (double d : specials) {
            around(d, 3);
        }
        // Powers of ten and single-digit multiples of them, with neighbours.
        for (int k = -325; k <= 309; k++) {
            for (int digit = 1; digit <= 9; digit++) {
                around(Double.parseDouble(digit + "e" + k), digit == 1 ? 8 : 2);
            }
        }
        // Powers of two, where the gap below is half the gap above.
        for (int k = -1074; k <= 1023; k++) {
            around(Math.scalb(1.0, k), 3);
        }
        // Integers around 1e7 (E-notation starts) and 2^53 (last exact integers); the integer
        // path rounds digits off from 2^58.
        for (long i = 10_000_000L - 3000; i <= 10_000_000L + 3000; i++) {
            emit((double) i);
        }
        for (long i = (1L << 53) - 3000; i <= (1L << 53) + 3000; i++) {
            emit((double) i);
        }
        for (int k = 54; k <= 64; k++) {
            around(Math.scalb(1.0, k), 300);
        }
        // The switch points to and from E-notation.
        for (double d : new double[] {1e-3, 1e7, 1e-2, 1e-1, 1.0, 1e6, 1e8}) {
            around(d, 2000);
        }
    }

    private static void random(long count, long seed) throws IOException {
        SplittableRandom r = new SplittableRandom(seed);
        for (long n = 0; n < count; n++) {
            // Any bit pattern: all exponents, NaNs, infinities.
            emit(Double.longBitsToDouble(r.nextLong()));
            // Subnormals, many with few significant bits.
            long fraction = r.nextLong() & ((1L << 52) - 1);
            emit(Double.longBitsToDouble(fraction >>> r.nextInt(52)));
            // Decimals with few digits, as arithmetic makes them.
            double scale = Math.pow(10, r.nextInt(12));
            emit(Math.round(r.nextDouble() * scale * 1e3) / Math.pow(10, r.nextInt(20)));
            emit(Math.round(r.nextDouble() * 1e6) / 1e3);
            // Short decimal literals at any exponent.
            int digits = 1 + r.nextInt(17);
            StringBuilder literal = new StringBuilder();
            literal.append(1 + r.nextInt(9));
            for (int i = 1; i < digits; i++) {
                literal.append(r.nextInt(10));
            }
            literal.append('e').append(r.nextInt(-340, 320));
            emit(Double.parseDouble(literal.toString()));
            // Integers: small, near 2^53, up to 2^63 and beyond.
            emit((double) r.nextLong(1, 1L << 53));
            emit((double) (r.nextLong() >>> r.nextInt(12)));
            // Around the E-notation switch points and near powers of ten.
            emit(r.nextDouble(5e-4, 2e-3));
            emit(r.nextDouble(5e6, 2e7));
            double ten = Double.parseDouble("1e" + r.nextInt(-320, 309));
            long steps = r.nextLong(-2000, 2001);
            emit(Double.longBitsToDouble(Double.doubleToRawLongBits(ten) + steps));
            // Floats widened to double, and short decimals of a few digits in [0, 1000).
            emit((double) Float.intBitsToFloat(r.nextInt()));
            emit(new BigDecimal(r.nextInt(1_000_000)).movePointLeft(r.nextInt(10)).doubleValue());
        }
    }

    public static void main(String[] args) throws IOException {
        out = new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.US_ASCII), 1 << 16);
        if (args.length == 3 && args[0].equals("sweep")) {
            fixed();
            random(Long.parseLong(args[1]), Long.parseLong(args[2]));
        } else if (args.length == 1 && args[0].equals("bits")) {
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII));
            for (String line; (line = in.readLine()) != null; ) {
                String word = line.trim().split("\\s+")[0];
                if (!word.isEmpty() && !word.startsWith("#")) {
                    emit(Double.longBitsToDouble(Long.parseUnsignedLong(word, 16)));
                }
            }
        } else {
            System.err.println("usage: java DoubleCases.java sweep COUNT SEED | bits < FILE");
            System.exit(2);
        }
        out.flush();
    }
}
