/**
 * The model steps that read documents: an invoice, a customer's e-mail about a move, a lead's
 * note or signature. Each reads the fields its workflow needs, with evidence; the workflow
 * grounds them in code before any value can reach a write.
 */
import { defineModelTool } from '../model/define-model-tool.ts';

export const readInvoice = defineModelTool({
  name: 'documents.read-invoice',
  description:
    "Reads a vendor's invoice (a PDF or an e-mail) and returns the supplier number, vendor, invoice number, PO number, date, total due, currency and bank account, each with verbatim quotes from the document. Read-only; costs a model call.",
  instruction:
    "Read this vendor invoice. Our purchase terms require vendors to print our supplier number (V-…) and our PO number (PO-…) on every invoice. The amount is the total due (with VAT), not a subtotal or a line. The IBAN is the vendor's account for payment.",
  fields: {
    vendorNumber: {
      kind: 'identifier',
      label: 'Supplier number',
      required: true,
      description: 'Our supplier number for the vendor, e.g. V-1042.',
    },
    vendorName: {
      kind: 'text',
      label: 'Vendor',
      required: true,
      description: "The vendor's company name, from the letterhead.",
    },
    vendorTaxId: {
      kind: 'identifier',
      label: 'Vendor tax id',
      required: false,
      description: "The vendor's VAT or tax id, if printed.",
    },
    invoiceNumber: {
      kind: 'identifier',
      label: 'Invoice number',
      required: true,
      description: 'The invoice number.',
    },
    poNumber: {
      kind: 'identifier',
      label: 'PO number',
      required: false,
      description: 'Our purchase order number, e.g. PO-10042.',
    },
    invoiceDate: {
      kind: 'date',
      label: 'Invoice date',
      required: true,
      description: 'The invoice date.',
    },
    amount: {
      kind: 'amount',
      label: 'Total due',
      required: true,
      description: 'The total due, with VAT.',
    },
    currency: {
      kind: 'currency',
      label: 'Currency',
      required: true,
      description: 'The currency of the total.',
    },
    iban: {
      kind: 'iban',
      label: 'IBAN',
      required: false,
      description: 'The IBAN the vendor asks to be paid to.',
    },
  },
});

export const readAddressChange = defineModelTool({
  name: 'documents.read-address-change',
  description:
    "Reads a customer's message about a move (an e-mail in any language) and returns the customer number, the sender's e-mail and the NEW address with the date it applies from, each with verbatim quotes. Read-only; costs a model call.",
  instruction:
    'Read this message from a customer. Find their customer number (C-…), the e-mail address of the person writing (the sender), and the new address they ask us to use (not the old one, not an address in a signature unless it is the new one), and from when.',
  fields: {
    customerNumber: {
      kind: 'identifier',
      label: 'Customer number',
      required: true,
      description: 'The customer number, e.g. C-10001.',
    },
    contactEmail: {
      kind: 'email',
      label: 'Sender e-mail',
      required: true,
      description: "The sender's e-mail address.",
    },
    line1: {
      kind: 'text',
      label: 'Street and number',
      required: true,
      description: 'Street and number of the new address.',
    },
    line2: {
      kind: 'text',
      label: 'Address line 2',
      required: false,
      description: 'Building, floor or c/o of the new address.',
    },
    city: { kind: 'text', label: 'City', required: true, description: 'City of the new address.' },
    postalCode: {
      kind: 'postcode',
      label: 'Postal code',
      required: true,
      description: 'Postal code of the new address.',
    },
    region: {
      kind: 'text',
      label: 'Region',
      required: false,
      description: 'State or province of the new address, if given.',
    },
    country: {
      kind: 'country',
      label: 'Country',
      required: true,
      description: 'Country of the new address.',
    },
    effectiveDate: {
      kind: 'date',
      label: 'Applies from',
      required: false,
      description: 'The day the new address applies from, if said.',
    },
  },
});

export const readLead = defineModelTool({
  name: 'documents.read-lead',
  description:
    "Reads a salesperson's note or an e-mail signature about a new lead and returns the company, its web domain and the person (name, e-mail, title), each with verbatim quotes. Read-only; costs a model call.",
  instruction:
    'Read this note about a sales lead. Find the company the lead works for, its web domain, and the lead: first name, last name, work e-mail and job title. Not the salesperson who wrote the note, not a colleague in copy.',
  fields: {
    companyName: {
      kind: 'text',
      label: 'Company',
      required: true,
      description: 'The company the lead works for.',
    },
    domain: {
      kind: 'domain',
      label: 'Web domain',
      required: false,
      description: "The company's web domain, e.g. northwind.com.",
    },
    email: {
      kind: 'email',
      label: 'E-mail',
      required: true,
      description: "The lead's work e-mail address.",
    },
    firstName: {
      kind: 'text',
      label: 'First name',
      required: true,
      description: "The lead's first name.",
    },
    lastName: {
      kind: 'text',
      label: 'Last name',
      required: true,
      description: "The lead's last name.",
    },
    title: {
      kind: 'text',
      label: 'Job title',
      required: false,
      description: "The lead's job title.",
    },
  },
});

export const documentTools = [readInvoice, readAddressChange, readLead];
