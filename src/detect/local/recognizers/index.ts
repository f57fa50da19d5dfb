// Every recognizer of the local detector, one per file. Add one line per recognizer.
import type { Recognizer } from '../recognizer.ts';
import { nameRecognizer } from './name-recognizer.ts';
import { addressRecognizer } from './address-recognizer.ts';
import email from './email.ts';
import phone from './phone.ts';
import ssn from './ssn.ts';
import creditCard from './credit-card.ts';
import ipAddress from './ip-address.ts';
import url from './url.ts';

export const recognizers: Recognizer[] = [];
recognizers.push(email);
recognizers.push(phone);
recognizers.push(ssn);
recognizers.push(creditCard);
recognizers.push(ipAddress);
recognizers.push(url);
recognizers.push(nameRecognizer);
recognizers.push(addressRecognizer);
