package org.dsr.orchestrator.console.compliance.letter;

import io.quarkus.qute.i18n.Message;
import io.quarkus.qute.i18n.MessageBundle;

/**
 * The fixed wording of the letter to the data subject, in English; {@code messages/letter_sv.properties} and
 * {@code messages/letter_da.properties} translate it. Plain language first (Art. 12(1) GDPR), the article in
 * brackets after. Data categories and recipients are worded per language in {@code compliance/letter-categories*}.
 */
@MessageBundle(value = "letter", locale = "en")
public interface LetterMessages {

    @Message("[Name and postal or e-mail address of the person]")
    String placeholderAddressee();

    @Message("[Name and title]")
    String placeholderSigner();

    @Message("[e-mail address or telephone number]")
    String placeholderContact();

    @Message("Date: {date}")
    String date(String date);

    @Message("Our reference: {reference}")
    String reference(String reference);

    @Message("Your request to have your personal data erased")
    String subjectErasure();

    @Message("Your request to restrict the processing of your personal data")
    String subjectRestriction();

    @Message("Your request to lift the restriction of processing of your personal data")
    String subjectLift();

    @Message("Hello,")
    String greeting();

    @Message(
            "On {received} you asked us to erase the personal data we hold about you. In this letter we tell you what we have done, what we still keep and why, and whom we have informed.")
    String introErasure(String received);

    @Message(
            "On {received} you asked us to restrict the processing of your personal data. In this letter we tell you what we have done and whom we have informed.")
    String introRestriction(String received);

    @Message(
            "On {received} you asked us to lift the restriction of processing of your personal data. In this letter we tell you what we have done and whom we have informed.")
    String introLift(String received);

    @Message(
            "We completed your request on {completed}. This is within the time limit of one month that the General Data Protection Regulation (GDPR) sets (Article 12(3)); it ended on {due}.")
    String inTime(String completed, String due);

    @Message(
            "As we told you earlier, we needed more time and extended the time limit to {due}, as Article 12(3) of the General Data Protection Regulation (GDPR) allows. The reason was: {reason} We completed your request on {completed}.")
    String extended(String completed, String due, String reason);

    @Message(
            "We completed your request on {completed}. We are sorry that this is later than the time limit of {due} (Article 12(3) of the General Data Protection Regulation, GDPR).")
    String late(String completed, String due);

    @Message("What we have erased")
    String erasedHeading();

    @Message("We have permanently deleted:")
    String erasedIntro();

    @Message("What we have anonymised")
    String anonymisedHeading();

    @Message("We have removed everything that links these records to you. What remains can no longer identify you:")
    String anonymisedIntro();

    @Message("What we have restricted")
    String restrictedHeading();

    @Message(
            "We keep the following data, but we only store it. We do not use it for anything else while the restriction applies (Article 18(2) GDPR), and we will tell you before we lift the restriction (Article 18(3) GDPR):")
    String restrictedIntro();

    @Message("Where the restriction has been lifted")
    String liftedHeading();

    @Message("We may again use the following data as before:")
    String liftedIntro();

    @Message("Where we found nothing about you")
    String notFoundHeading();

    @Message("What we keep, why and until when")
    String keptHeading();

    @Message(
            "The law requires us to keep some data even after a request for erasure (Article 17(3)(b) GDPR). We keep only what is listed here. We only store it, and we do not use it for anything else:")
    String keptIntro();

    @Message("We keep no personal data about you.")
    String keptNone();

    @Message("Data")
    String keptWhat();

    @Message("Why we keep it")
    String keptWhy();

    @Message("Kept until")
    String keptUntil();

    @Message(
            "The Swedish Bookkeeping Act (Bokföringslagen (1999:1078), chapter 7, section 2) requires us to keep accounting records, such as invoices, until the end of the seventh year after the end of the calendar year in which the financial year ended.")
    String basisBookkeepingSe();

    @Message(
            "The Danish Bookkeeping Act (bogføringsloven, section 12) requires us to keep accounting records, such as invoices, for five years from the end of the financial year they concern.")
    String basisBookkeepingDk();

    @Message(
            "So that we never send you e-mail again, even if your address should reach us again, for example in an import, we keep a coded form (a keyed hash) of your e-mail address on our block list. It cannot be turned back into your address (Article 17(3)(b) and Article 21(3) GDPR).")
    String basisSuppression();

    @Message("A legal obligation: {basis}.")
    String basisOther(String basis);

    @Message("no end date, for as long as the block is needed")
    String untilIndefinite();

    @Message("When that date has passed, we erase these data too, without you having to ask again.")
    String keptAfter();

    @Message("Whom we have informed")
    String recipientsHeading();

    @Message(
            "We have told every recipient that processes your data on our behalf about your request, as Article 19 GDPR requires. Each of them has carried it out and confirmed it to us:")
    String recipientsIntro();

    @Message("If you are not satisfied")
    String complaintHeading();

    @Message(
            "If you think that we have not handled your request correctly, please tell us first. You also have the right to lodge a complaint with the Swedish Authority for Privacy Protection (Integritetsskyddsmyndigheten, IMY), www.imy.se.")
    String complaintSe();

    @Message(
            "If you think that we have not handled your request correctly, please tell us first. You also have the right to lodge a complaint with the Danish Data Protection Agency (Datatilsynet), www.datatilsynet.dk.")
    String complaintDk();

    @Message(
            "You may also complain to the supervisory authority of the EU country where you live or work (Article 77 GDPR).")
    String complaintOther();

    @Message("If you have any questions, you are welcome to contact us:")
    String questions();

    @Message("Kind regards")
    String closing();

    @Message(
            "This answer is based on our signed completion record no. {sequence} (version {version}) for request {reference}.")
    String proofNote(long sequence, int version, String reference);
}
