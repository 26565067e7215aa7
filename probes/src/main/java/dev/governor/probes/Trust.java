package dev.governor.probes;

import dev.governor.probe.ProbeCheck;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * How a probe trusts a TLS peer: the JDK's trust store, the CA certificates of a PEM file (read at
 * each run, so a renewed CA is picked up), or nobody's word at all with {@code insecureSkipVerify},
 * where the certificate's dates are still read but its chain and name are not checked.
 */
final class Trust {

  private Trust() {}

  static SSLContext context(ProbeCheck.Tls tls) throws IOException, GeneralSecurityException {
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, managers(tls), null);
    return context;
  }

  private static TrustManager[] managers(ProbeCheck.Tls tls) throws IOException, GeneralSecurityException {
    if (tls.insecureSkipVerify()) return new TrustManager[] {new TrustingEveryone()};
    TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    if (tls.caFile().isEmpty()) {
      factory.init((KeyStore) null);
    } else {
      factory.init(caStore(tls.caFile().get()));
    }
    return factory.getTrustManagers();
  }

  private static KeyStore caStore(Path pem) throws IOException, GeneralSecurityException {
    KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
    store.load(null, null);
    try (InputStream in = Files.newInputStream(pem)) {
      int i = 0;
      for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        store.setCertificateEntry("ca-" + i++, certificate);
      }
      if (i == 0) throw new GeneralSecurityException("caFile " + pem + " holds no PEM certificate");
    }
    return store;
  }

  /** Accepts every chain: only for insecureSkipVerify. */
  private static final class TrustingEveryone implements X509TrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
