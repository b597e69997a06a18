package io.rekey.launcher.bench;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.MGF1ParameterSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.LongAdder;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import javax.crypto.spec.SecretKeySpec;

/**
 * The raw crypto the system stands on, measured with nothing around it: RSA-OAEP-256 wrap and unwrap on every core,
 * and AES-256-GCM over segments the size storage uses. These are the floors system figures are divided by.
 */
final class CryptoFloors {
    private static final OAEPParameterSpec OAEP_SHA256 =
            new OAEPParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, PSource.PSpecified.DEFAULT);
    private static final SecureRandom RANDOM = new SecureRandom();

    private CryptoFloors() {}

    /** RSA-OAEP-256 operations per second over all cores: unwrap is the private-key operation, wrap the public one. */
    static double rsaOpsPerSecond(int bits, boolean unwrap, int threads, Duration duration) throws Exception {
        KeyPair pair = rsaKey(bits);
        byte[] aek = new byte[32];
        RANDOM.nextBytes(aek);
        byte[] wrapped = oaep(Cipher.ENCRYPT_MODE, pair).doFinal(aek);
        return runOnThreads(threads, duration, () -> {
            Cipher cipher = oaep(unwrap ? Cipher.DECRYPT_MODE : Cipher.ENCRYPT_MODE, pair);
            return () -> cipher.doFinal(unwrap ? wrapped : aek);
        });
    }

    /** AES-256-GCM throughput in MB/s on one core, after a warm-up long enough for the JIT to use AES-NI. */
    static double aesGcmMegabytesPerSecond(boolean encrypt, int segmentBytes, Duration warmUp, Duration duration)
            throws Exception {
        byte[] keyBytes = new byte[32];
        RANDOM.nextBytes(keyBytes);
        SecretKeySpec key = new SecretKeySpec(keyBytes, "AES");
        byte[] plaintext = new byte[segmentBytes];
        RANDOM.nextBytes(plaintext);
        byte[] nonce = new byte[12];
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding", "SunJCE");
        cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
        byte[] ciphertext = cipher.doFinal(plaintext);
        byte[] output = new byte[segmentBytes + 16];
        // A nonce per segment that never repeats across warm-up and measurement (SunJCE refuses a reused one).
        long[] segments = {0};
        GcmStep step = ignored -> {
            long counter = ++segments[0];
            nonce[0] = (byte) counter;
            nonce[1] = (byte) (counter >>> 8);
            nonce[2] = (byte) (counter >>> 16);
            nonce[3] = (byte) (counter >>> 24);
            if (encrypt) {
                cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
                cipher.doFinal(plaintext, 0, plaintext.length, output, 0);
            } else {
                cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, new byte[12]));
                cipher.doFinal(ciphertext, 0, ciphertext.length, output, 0);
            }
        };
        loop(step, warmUp);
        long measured = loop(step, duration);
        return measured * (double) segmentBytes / duration.toNanos() * 1e9 / 1e6;
    }

    private static long loop(GcmStep step, Duration duration) throws Exception {
        long end = System.nanoTime() + duration.toNanos();
        long count = 0;
        while (System.nanoTime() < end) {
            step.run(count++);
        }
        return count;
    }

    static KeyPair rsaKey(int bits) throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(bits);
        return generator.generateKeyPair();
    }

    private static Cipher oaep(int mode, KeyPair pair) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("RSA/ECB/OAEPPadding", "SunJCE");
        cipher.init(mode, mode == Cipher.ENCRYPT_MODE ? pair.getPublic() : pair.getPrivate(), OAEP_SHA256);
        return cipher;
    }

    /** Runs one operation per thread in a loop for the duration and returns the total rate. */
    static double runOnThreads(int threads, Duration duration, OperationFactory factory) throws Exception {
        LongAdder done = new LongAdder();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            long end = System.nanoTime() + duration.toNanos();
            long start = System.nanoTime();
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                futures.add(pool.submit(() -> {
                    Operation operation = factory.create();
                    while (System.nanoTime() < end) {
                        operation.run();
                        done.increment();
                    }
                    return null;
                }));
            }
            for (Future<?> future : futures) {
                future.get();
            }
            return done.sum() / ((System.nanoTime() - start) / 1e9);
        } finally {
            pool.shutdownNow();
        }
    }

    interface Operation {
        void run() throws Exception;
    }

    interface OperationFactory {
        Operation create() throws Exception;
    }

    private interface GcmStep {
        void run(long counter) throws Exception;
    }
}
