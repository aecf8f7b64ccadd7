package io.github.azureredis.testsupport;

import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throwaway certificate authority and a server certificate it signed, written to a temporary directory as PEM
 * files (for {@code redis-server} and Spring Boot PEM SSL bundles) and as a PKCS#12 trust store.
 */
public final class TestCertificates {

	/** Password of the PKCS#12 trust store and key store. */
	public static final String STORE_PASSWORD = "changeit";

	private final Path directory;

	private final X509Certificate caCertificate;

	private final X509Certificate serverCertificate;

	private final PrivateKey serverKey;

	private TestCertificates(Path directory, X509Certificate caCertificate, X509Certificate serverCertificate,
			PrivateKey serverKey) {
		this.directory = directory;
		this.caCertificate = caCertificate;
		this.serverCertificate = serverCertificate;
		this.serverKey = serverKey;
	}

	/**
	 * Creates a CA and a server certificate valid for {@code localhost}, {@code 127.0.0.1} and the given names.
	 * @param extraHostNames further DNS names for the server certificate
	 * @return the certificates, written to files
	 */
	public static TestCertificates create(String... extraHostNames) {
		List<String> names = new ArrayList<>(List.of("localhost"));
		names.addAll(List.of(extraHostNames));
		return createFor(names, true);
	}

	/**
	 * Creates a CA and a server certificate valid only for the given DNS names (not for {@code 127.0.0.1}), to test
	 * that a client refuses a server whose certificate does not match the host it connects to.
	 * @param hostNames the only names in the certificate
	 * @return the certificates, written to files
	 */
	public static TestCertificates createOnlyFor(String... hostNames) {
		return createFor(List.of(hostNames), false);
	}

	private static TestCertificates createFor(List<String> hostNames, boolean includeLoopbackAddress) {
		try {
			Path directory = Files.createTempDirectory("redis-tls-");
			KeyPair caKeys = generateKeyPair();
			Instant now = Instant.now();
			X500Name caName = new X500Name("CN=Azure Redis Cache Test CA");
			JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
			X509v3CertificateBuilder ca = new JcaX509v3CertificateBuilder(caName, serial(),
					Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(2))), caName,
					caKeys.getPublic());
			ca.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
			ca.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
			ca.addExtension(Extension.subjectKeyIdentifier, false,
					extensions.createSubjectKeyIdentifier(caKeys.getPublic()));
			X509Certificate caCertificate = sign(ca, caKeys.getPrivate());

			KeyPair serverKeys = generateKeyPair();
			X509v3CertificateBuilder server = new JcaX509v3CertificateBuilder(caCertificate, serial(),
					Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(2))),
					new X500Name("CN=" + hostNames.get(0)), serverKeys.getPublic());
			List<GeneralName> alternativeNames = new ArrayList<>();
			for (String name : hostNames) {
				alternativeNames.add(new GeneralName(GeneralName.dNSName, name));
			}
			if (includeLoopbackAddress) {
				alternativeNames.add(new GeneralName(GeneralName.iPAddress, "127.0.0.1"));
			}
			server.addExtension(Extension.subjectAlternativeName, false,
					new GeneralNames(alternativeNames.toArray(new GeneralName[0])));
			server.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
			server.addExtension(Extension.extendedKeyUsage, false,
					new ExtendedKeyUsage(new KeyPurposeId[] { KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth }));
			server.addExtension(Extension.authorityKeyIdentifier, false,
					extensions.createAuthorityKeyIdentifier(caCertificate));
			X509Certificate serverCertificate = sign(server, caKeys.getPrivate());

			TestCertificates certificates = new TestCertificates(directory, caCertificate, serverCertificate,
					serverKeys.getPrivate());
			certificates.write();
			return certificates;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (GeneralSecurityException | org.bouncycastle.operator.OperatorCreationException ex) {
			throw new IllegalStateException("Cannot create test certificates", ex);
		}
	}

	private static KeyPair generateKeyPair() throws GeneralSecurityException {
		KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
		generator.initialize(new ECGenParameterSpec("secp256r1"));
		return generator.generateKeyPair();
	}

	private static BigInteger serial() {
		return new BigInteger(64, new SecureRandom());
	}

	private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey key)
			throws org.bouncycastle.operator.OperatorCreationException, java.security.cert.CertificateException {
		ContentSigner signer = new JcaContentSignerBuilder("SHA256withECDSA").build(key);
		return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
	}

	private void write() throws IOException, GeneralSecurityException {
		Files.writeString(caCertificatePath(), pem(this.caCertificate));
		Files.writeString(serverCertificatePath(), pem(this.serverCertificate));
		Files.writeString(serverKeyPath(), pem(new org.bouncycastle.openssl.jcajce.JcaPKCS8Generator(this.serverKey, null)));
		KeyStore trustStore = KeyStore.getInstance("PKCS12");
		trustStore.load(null, null);
		trustStore.setCertificateEntry("ca", this.caCertificate);
		try (OutputStream out = Files.newOutputStream(trustStorePath())) {
			trustStore.store(out, STORE_PASSWORD.toCharArray());
		}
	}

	private static String pem(Object object) throws IOException {
		StringWriter text = new StringWriter();
		try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
			writer.writeObject(object);
		}
		return text.toString();
	}

	/** @return the CA certificate, PEM */
	public Path caCertificatePath() {
		return this.directory.resolve("ca.crt");
	}

	/** @return the server certificate, PEM */
	public Path serverCertificatePath() {
		return this.directory.resolve("server.crt");
	}

	/** @return the server's private key, PEM (PKCS#8) */
	public Path serverKeyPath() {
		return this.directory.resolve("server.key");
	}

	/** @return a PKCS#12 trust store holding the CA, password {@link #STORE_PASSWORD} */
	public Path trustStorePath() {
		return this.directory.resolve("truststore.p12");
	}

	/** @return the CA certificate */
	public X509Certificate caCertificate() {
		return this.caCertificate;
	}

	/**
	 * An SSL context for clients that trusts only this CA.
	 * @return the context
	 */
	public SSLContext clientContext() {
		try {
			KeyStore trustStore = KeyStore.getInstance("PKCS12");
			trustStore.load(null, null);
			trustStore.setCertificateEntry("ca", this.caCertificate);
			TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
			trust.init(trustStore);
			SSLContext context = SSLContext.getInstance("TLS");
			context.init(null, trust.getTrustManagers(), null);
			return context;
		}
		catch (GeneralSecurityException | IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * An SSL context for a server that presents the server certificate.
	 * @return the context
	 */
	public SSLContext serverContext() {
		try {
			KeyStore keyStore = KeyStore.getInstance("PKCS12");
			keyStore.load(null, null);
			keyStore.setKeyEntry("server", this.serverKey, STORE_PASSWORD.toCharArray(),
					new java.security.cert.Certificate[] { this.serverCertificate, this.caCertificate });
			KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
			keys.init(keyStore, STORE_PASSWORD.toCharArray());
			SSLContext context = SSLContext.getInstance("TLS");
			context.init(keys.getKeyManagers(), null, null);
			return context;
		}
		catch (GeneralSecurityException | IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Whether this machine resolves the name to a loopback address (used to choose host names in tests).
	 * @param name a host name
	 * @return {@code true} for a loopback name
	 */
	public static boolean isLoopback(String name) {
		try {
			return InetAddress.getByName(name).isLoopbackAddress();
		}
		catch (IOException ex) {
			return false;
		}
	}

}
