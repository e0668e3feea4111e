package io.moderationstream.scoring.pii;

/**
 * What the privacy scorer reports. PERSON and LOCATION are part of the vocabulary (policies and evaluation files may
 * name them) but not detected: no permissively licensed English NER model for Java is on Maven Central, and a name
 * list would flag every "Jordan" and "Georgia"; see the README's privacy section.
 */
public enum PiiType {
    EMAIL_ADDRESS, PHONE_NUMBER, CREDIT_CARD, IBAN_CODE, US_SSN, IP_ADDRESS, CRYPTO_WALLET, SECRET, PERSON, LOCATION
}
