package io.moderationstream.scoring.pii;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Locale;

/**
 * Bitcoin address checksums — Base58Check (double SHA-256) and BIP-173/BIP-350 bech32/bech32m — to verify an address and
 * (for the evaluation set's generator) to write one. No library on Maven Central does only this; these are the
 * specifications' own reference algorithms, a few lines each.
 */
public final class WalletChecksums {
    private static final String BASE58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
    private static final String BECH32 = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
    private static final int[] GENERATOR = {0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3};
    private static final int BECH32M = 0x2bc830a3;

    private WalletChecksums() {}

    /** Base58 decodes to version byte + 20-byte hash + 4-byte checksum = first four bytes of SHA-256(SHA-256(payload)). */
    public static boolean base58Check(String address) {
        BigInteger value = BigInteger.ZERO;
        for (int i = 0; i < address.length(); i++) {
            int digit = BASE58.indexOf(address.charAt(i));
            if (digit < 0) {
                return false;
            }
            value = value.multiply(BigInteger.valueOf(58)).add(BigInteger.valueOf(digit));
        }
        byte[] raw = value.toByteArray();
        int leadingOnes = 0;
        while (leadingOnes < address.length() && address.charAt(leadingOnes) == '1') {
            leadingOnes++;
        }
        int significant = raw.length > 0 && raw[0] == 0 ? raw.length - 1 : raw.length;
        if (leadingOnes + significant != 25) {
            return false;
        }
        byte[] decoded = new byte[25];
        System.arraycopy(raw, raw.length - significant, decoded, 25 - significant, significant);
        byte[] checksum = sha256(sha256(Arrays.copyOfRange(decoded, 0, 21)));
        return Arrays.equals(Arrays.copyOfRange(checksum, 0, 4), Arrays.copyOfRange(decoded, 21, 25));
    }

    /** A 21-byte payload (version + hash) with its checksum, Base58-encoded. */
    public static String base58CheckEncode(byte[] payload) {
        byte[] check = sha256(sha256(payload));
        byte[] full = Arrays.copyOf(payload, payload.length + 4);
        System.arraycopy(check, 0, full, payload.length, 4);
        BigInteger value = new BigInteger(1, full);
        StringBuilder out = new StringBuilder();
        while (value.signum() > 0) {
            BigInteger[] qr = value.divideAndRemainder(BigInteger.valueOf(58));
            out.append(BASE58.charAt(qr[1].intValue()));
            value = qr[0];
        }
        for (int i = 0; i < full.length && full[i] == 0; i++) {
            out.append('1');
        }
        return out.reverse().toString();
    }

    /** The polymod of the expanded human-readable part and the data is 1 (bech32) or 0x2bc830a3 (bech32m). */
    public static boolean bech32(String address) {
        if (!address.equals(address.toLowerCase(Locale.ROOT)) && !address.equals(address.toUpperCase(Locale.ROOT))) {
            return false;
        }
        String a = address.toLowerCase(Locale.ROOT);
        int separator = a.lastIndexOf('1');
        int[] data = new int[a.length() - separator - 1];
        for (int i = 0; i < data.length; i++) {
            data[i] = BECH32.indexOf(a.charAt(separator + 1 + i));
            if (data[i] < 0) {
                return false;
            }
        }
        int polymod = polymod(expand(a.substring(0, separator), data, 0));
        return polymod == 1 || polymod == BECH32M;
    }

    /** 5-bit data words under a human-readable part, with the bech32 checksum. */
    public static String bech32Encode(String hrp, int[] data) {
        int polymod = polymod(expand(hrp, data, 6)) ^ 1;
        StringBuilder out = new StringBuilder(hrp).append('1');
        for (int d : data) {
            out.append(BECH32.charAt(d));
        }
        for (int i = 0; i < 6; i++) {
            out.append(BECH32.charAt((polymod >> 5 * (5 - i)) & 31));
        }
        return out.toString();
    }

    /** hrp's high bits, 0, hrp's low bits, the data, then {@code padding} zeros (room for the checksum when encoding). */
    private static int[] expand(String hrp, int[] data, int padding) {
        int[] values = new int[hrp.length() * 2 + 1 + data.length + padding];
        int k = 0;
        for (int i = 0; i < hrp.length(); i++) {
            values[k++] = hrp.charAt(i) >> 5;
        }
        values[k++] = 0;
        for (int i = 0; i < hrp.length(); i++) {
            values[k++] = hrp.charAt(i) & 31;
        }
        System.arraycopy(data, 0, values, k, data.length);
        return values;
    }

    private static int polymod(int[] values) {
        int chk = 1;
        for (int v : values) {
            int top = chk >>> 25;
            chk = (chk & 0x1ffffff) << 5 ^ v;
            for (int i = 0; i < 5; i++) {
                if ((top >>> i & 1) != 0) {
                    chk ^= GENERATOR[i];
                }
            }
        }
        return chk;
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
