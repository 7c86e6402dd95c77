import { describe, expect, it } from 'vitest';
import { foldSmsText, matchNeighbourhood, parseSmsCommand, type SmsCommand } from './sms-commands.ts';

const command = (text: string): SmsCommand => parseSmsCommand(text).command;
const language = (text: string) => parseSmsCommand(text).language;

describe('reading a text message', () => {
  it('folds case, accents and punctuation', () => {
    expect(foldSmsText('  Arrêt !! ')).toBe('ARRET');
    expect(foldSmsText('Début, svp')).toBe('DEBUT SVP');
    expect(foldSmsText('h2r-1a1')).toBe('H2R 1A1');
  });

  it.each(['ARRÊT', 'arrêt', 'ARRET', 'Arret', 'STOP', 'stop', 'Stop.', 'UNSUBSCRIBE', 'unsubscribe please', 'arrêt svp', 'STOPALL', '  stop  '])(
    'opts out on %j',
    (text) => expect(command(text)).toEqual({ kind: 'stop' }),
  );

  it.each(['DÉBUT', 'début', 'DEBUT', 'START', 'start', 'Start please'])('opts back in on %j', (text) => expect(command(text)).toEqual({ kind: 'start' }));

  it('opting out wins over anything else in the message', () => {
    expect(command('oui 2 stop')).toEqual({ kind: 'stop' });
    expect(command('H2R STOP')).toEqual({ kind: 'stop' });
  });

  it.each(['AIDE', 'aide', 'HELP', 'help me', 'INFO', 'info?', 'Aide svp'])('asks for help on %j', (text) => expect(command(text)).toEqual({ kind: 'help' }));

  it.each(['PLUS', 'plus', 'MORE', 'more please', 'suite', 'next'])('asks for more on %j', (text) => expect(command(text)).toEqual({ kind: 'more' }));

  it.each(['ANNULER', 'annuler', 'Annulé', 'CANCEL', 'cancel please', 'je veux annuler'])('cancels on %j', (text) => expect(command(text)).toEqual({ kind: 'cancel' }));

  it.each([
    ['OUI 2', 2],
    ['oui 2', 2],
    ['Oui, 2', 2],
    ['oui pour le 2 svp', 2],
    ['YES 2', 2],
    ['yes 3 please', 3],
    ['2 oui', 2],
    ['OUI 12', 12],
  ])('registers on %j → item %d', (text, item) => expect(command(text)).toEqual({ kind: 'register', item }));

  it.each([
    ['SIGNER 2', 2],
    ['signer 2', 2],
    ['Signé 1', 1],
    ['SIGN 2', 2],
    ['sign 4 please', 4],
  ])('starts signing on %j → petition %d', (text, item) => expect(command(text)).toEqual({ kind: 'sign', item }));

  it('SIGNER without a number is not a signature', () => {
    expect(command('signer')).toEqual({ kind: 'text', words: 'SIGNER' });
  });

  it.each(['OUI', 'oui', 'Oui!', 'YES', 'yes', 'oui merci'])('says yes on %j', (text) => expect(command(text)).toEqual({ kind: 'yes' }));
  it.each(['NON', 'non', 'NO', 'non merci'])('says no on %j', (text) => expect(command(text)).toEqual({ kind: 'no' }));

  it.each([
    ['123456', '123456'],
    ['123 456', '123456'],
    ['mon code 654321', '654321'],
    ['OUI 123456', '123456'],
    ['Code: 000123', '000123'],
  ])('reads a confirmation code in %j', (text, code) => expect(command(text)).toEqual({ kind: 'code', code }));

  it.each([
    ['H2R', 'H2R'],
    ['h2r', 'H2R'],
    ['h2r 1a1', 'H2R'],
    ['H2R1A1', 'H2R'],
    ['h2r-1a1', 'H2R'],
    ['je suis dans H2R', 'H2R'],
    ['quoi de neuf près de h3n 2l5 ?', 'H3N'],
  ])('searches by the postal code in %j', (text, fsa) => expect(command(text)).toEqual({ kind: 'search', fsa }));

  it('refuses postal codes Canada Post never issues', () => {
    expect(command('D2R').kind).toBe('text'); // no D
    expect(command('W2R').kind).toBe('text'); // no W first
  });

  it.each([
    ['2', 2],
    [' 3 ', 3],
    ['#2', 2],
    ['numéro 2', 2],
    ['le 1 svp', 1],
  ])('asks for details on %j → item %d', (text, item) => expect(command(text)).toEqual({ kind: 'details', item }));

  it('never reads 0, 100 or a long sentence with a number as an item', () => {
    expect(command('0').kind).toBe('text');
    expect(command('100').kind).toBe('text');
    expect(command('il y a 2 personnes qui veulent venir ce soir').kind).toBe('text');
  });

  it('keeps anything else as words, for a neighbourhood name or a conversation answer', () => {
    expect(command('Villeray')).toEqual({ kind: 'text', words: 'VILLERAY' });
    expect(command('Côte-des-Neiges')).toEqual({ kind: 'text', words: 'COTE DES NEIGES' });
    expect(command('')).toEqual({ kind: 'text', words: '' });
    expect(command('🙂🙂')).toEqual({ kind: 'text', words: '' });
  });

  it('keeps the raw message, accents included, for names', () => {
    expect(parseSmsCommand('  Hélène Côté  ').raw).toBe('Hélène Côté');
  });

  it('tells the language the command word was written in, or none', () => {
    expect(language('ARRÊT')).toBe('fr');
    expect(language('UNSUBSCRIBE')).toBe('en');
    expect(language('STOP')).toBeNull();
    expect(language('OUI 2')).toBe('fr');
    expect(language('YES 2')).toBe('en');
    expect(language('AIDE')).toBe('fr');
    expect(language('HELP')).toBe('en');
    expect(language('INFO')).toBeNull();
    expect(language('PLUS')).toBe('fr');
    expect(language('MORE')).toBe('en');
    expect(language('H2R')).toBeNull();
    expect(language('2')).toBeNull();
  });

  it('survives very long and strange input', () => {
    expect(command('x'.repeat(100_000)).kind).toBe('text');
    expect(command('\u0000\u202e OUI 2').kind).toBe('register');
    expect(parseSmsCommand('a'.repeat(5000)).raw.length).toBe(1600);
  });
});

describe('finding the neighbourhood a message names', () => {
  const places = [{ name: 'Villeray' }, { name: 'Parc-Extension' }, { name: 'Saint-Michel' }, { name: 'Villeray–Saint-Michel–Parc-Extension' }, { name: 'Côte-des-Neiges' }];

  it('finds a name written whole, whatever its case and accents', () => {
    expect(matchNeighbourhood('villeray', places)?.name).toBe('Villeray');
    expect(matchNeighbourhood('COTE DES NEIGES', places)?.name).toBe('Côte-des-Neiges');
    expect(matchNeighbourhood('quoi faire à Saint Michel ce soir', places)?.name).toBe('Saint-Michel');
  });

  it('prefers the longest name found', () => {
    expect(matchNeighbourhood('Villeray Saint-Michel Parc-Extension', places)?.name).toBe('Villeray–Saint-Michel–Parc-Extension');
  });

  it('finds a name a message of four letters or more starts', () => {
    expect(matchNeighbourhood('parc ex', places)?.name).toBe('Parc-Extension');
    expect(matchNeighbourhood('cote', places)?.name).toBe('Côte-des-Neiges');
  });

  it('finds nothing for unknown words, or too short ones', () => {
    expect(matchNeighbourhood('bonjour', places)).toBeNull();
    expect(matchNeighbourhood('pa', places)).toBeNull();
    expect(matchNeighbourhood('', places)).toBeNull();
  });

  it('refuses a prefix two names share equally', () => {
    expect(matchNeighbourhood('vill', [{ name: 'Villeray' }, { name: 'Ville-Marie' }])).toBeNull();
  });
});

describe('subscribing to alerts by text', () => {
  it.each([
    ['ABONNER H2R', { kind: 'subscribe', fsa: 'H2R', words: 'H2R' }, 'fr'],
    ['abonner h2r 1a1 svp', { kind: 'subscribe', fsa: 'H2R', words: 'H2R 1A1 SVP' }, 'fr'],
    ['Alertes Villeray', { kind: 'subscribe', fsa: null, words: 'VILLERAY' }, 'fr'],
    ['subscribe', { kind: 'subscribe', fsa: null, words: '' }, 'en'],
  ] as const)('%s', (text, command, language) => {
    expect(parseSmsCommand(text)).toMatchObject({ command, language });
  });

  it('STOP still wins', () => expect(parseSmsCommand('ABONNER STOP').command).toEqual({ kind: 'stop' }));
});

describe('places to get online by text', () => {
  it.each([
    ['WIFI H2R', { kind: 'online', fsa: 'H2R', words: 'H2R' }, null],
    ['internet h2r 1a1', { kind: 'online', fsa: 'H2R', words: 'H2R 1A1' }, null],
    ['WIFI Villeray', { kind: 'online', fsa: null, words: 'VILLERAY' }, null],
    ['Wi-Fi parc ex', { kind: 'online', fsa: null, words: 'PARC EX' }, null],
    ['brancher Saint-Michel', { kind: 'online', fsa: null, words: 'SAINT MICHEL' }, 'fr'],
    ['wifi', { kind: 'online', fsa: null, words: '' }, null],
  ] as const)('%s', (text, command, language) => {
    expect(parseSmsCommand(text)).toMatchObject({ command, language });
  });

  it('STOP still wins', () => expect(parseSmsCommand('WIFI STOP').command).toEqual({ kind: 'stop' }));
});
