package org.citywatch.api.integrations;

import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * Validation against {@code cap/cap-1.2-constraints.xsd} (our statement of CAP 1.2's constraints: see its header
 * for why it is not the OASIS file), and namespace-aware reading of a message for assertions.
 */
final class CapSchema {

    private static final Schema SCHEMA;

    static {
        try {
            SchemaFactory f = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
            SCHEMA = f.newSchema(CapSchema.class.getResource("/cap/cap-1.2-constraints.xsd"));
        } catch (SAXException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private CapSchema() {
    }

    /** Throws with the validator's message (line and column) when the message breaks a constraint. */
    static void validate(String xml) throws Exception {
        try {
            SCHEMA.newValidator().validate(new StreamSource(new StringReader(xml)));
        } catch (SAXException e) {
            throw new AssertionError("not valid CAP 1.2: " + e.getMessage() + "\n" + xml, e);
        }
    }

    static boolean valid(String xml) {
        try {
            SCHEMA.newValidator().validate(new StreamSource(new StringReader(xml)));
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    static Document parse(String xml) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    /** The text of the first element of that name in the CAP namespace; null when there is none. */
    static String text(Document d, String name) {
        NodeList n = d.getElementsByTagNameNS(CapExport.NAMESPACE, name);
        return n.getLength() == 0 ? null : n.item(0).getTextContent();
    }

    static java.util.List<String> texts(Document d, String name) {
        NodeList n = d.getElementsByTagNameNS(CapExport.NAMESPACE, name);
        java.util.List<String> out = new java.util.ArrayList<>();
        for (int i = 0; i < n.getLength(); i++) {
            out.add(n.item(i).getTextContent());
        }
        return out;
    }
}
