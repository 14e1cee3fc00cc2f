import nock from 'nock';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { failedIdsOf } from '../../src/hubspot/contact-batch-read.ts';
import { HubSpotError, PartialBatchError } from '../../src/hubspot/index.ts';
import { aBatchResponse, aContactObject, anAdapter, hubspot, ids } from './helpers.ts';

beforeAll(() => {
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
});
afterEach(() => nock.cleanAll());

const READ = '/crm/objects/2026-03/contacts/batch/read';
const readBody = (batch: string[]) => ({
  inputs: batch.map((id) => ({ id })),
  properties: ['jobtitle'],
  propertiesWithHistory: [],
});
const failedInput = (failed: string[], message = 'Unable to read this contact right now.') => ({
  status: 'error',
  category: 'VALIDATION_ERROR',
  message,
  context: { ids: failed },
  errors: [],
  links: {},
});
const notFound = (missing: string[]) => ({
  status: 'error',
  category: 'OBJECT_NOT_FOUND',
  message: 'Could not get some CONTACT objects, they may be deleted or not exist.',
  context: { ids: missing },
  errors: [],
  links: {},
});
const found = (batch: string[]) => batch.map((id) => aContactObject(id, { jobtitle: 'Dev' }));

describe('a 207 batch read with some ids failing', () => {
  it('keeps the good contacts and asks again for the failed id only', async () => {
    const scope = hubspot()
      .post(READ, readBody(['1', '2', '3']))
      .reply(207, aBatchResponse(found(['1', '3']), [failedInput(['2'])]))
      .post(READ, readBody(['2']))
      .reply(200, aBatchResponse(found(['2'])));
    const { adapter, sleeps, logs } = anAdapter();

    const contacts = await adapter.readContacts(['1', '2', '3'], ['jobtitle']);

    scope.done();
    expect(contacts.map((c) => c.id)).toEqual(['1', '3', '2']);
    expect(sleeps).toEqual([375]);
    expect(logs.filter((log) => log.level === 'warn')).toEqual([
      expect.objectContaining({
        details: expect.objectContaining({
          failed: 1,
          asked: 3,
          hubspotCategory: 'VALIDATION_ERROR',
        }),
      }),
    ]);
  });

  it('leaves out ids HubSpot does not know, without asking again for them', async () => {
    const scope = hubspot()
      .post(READ, readBody(['1', '2', '3']))
      .reply(207, aBatchResponse(found(['1']), [notFound(['2']), failedInput(['3'])]))
      .post(READ, readBody(['3']))
      .reply(200, aBatchResponse(found(['3'])));
    const { adapter } = anAdapter();

    const contacts = await adapter.readContacts(['1', '2', '3'], ['jobtitle']);

    scope.done();
    expect(contacts.map((c) => c.id)).toEqual(['1', '3']);
  });

  it('asks again for every unanswered id when the error names none', async () => {
    const vague = { ...failedInput([]), context: {} };
    const scope = hubspot()
      .post(READ, readBody(['1', '2', '3', '4']))
      .reply(207, aBatchResponse(found(['1']), [notFound(['4']), vague]))
      .post(READ, readBody(['2', '3']))
      .reply(200, aBatchResponse(found(['2', '3'])));
    const { adapter } = anAdapter();

    const contacts = await adapter.readContacts(['1', '2', '3', '4'], ['jobtitle']);

    scope.done();
    expect(contacts.map((c) => c.id)).toEqual(['1', '2', '3']);
  });

  it('throws PartialBatchError with everything read when an id keeps failing', async () => {
    const all = ids(1, 150);
    const scope = hubspot()
      .post(READ, readBody(all.slice(0, 100)))
      .reply(
        207,
        aBatchResponse(found(all.slice(0, 100).filter((id) => id !== '42')), [
          failedInput(['42'], 'Contact 42 is being merged.'),
        ]),
      )
      .post(READ, readBody(['42']))
      .times(4)
      .reply(207, aBatchResponse([], [failedInput(['42'], 'Contact 42 is being merged.')]))
      .post(READ, readBody(all.slice(100)))
      .reply(200, aBatchResponse(found(all.slice(100))));
    const { adapter, sleeps } = anAdapter();

    const error = await adapter.readContacts(all, ['jobtitle']).catch((err: unknown) => err);

    scope.done();
    expect(error).toBeInstanceOf(PartialBatchError);
    expect(error).toBeInstanceOf(HubSpotError);
    const partial = error as PartialBatchError;
    expect(partial.failedIds).toEqual(['42']);
    expect(partial.contacts).toHaveLength(149);
    expect(partial.contacts.some((c) => c.id === '42')).toBe(false);
    expect(partial.message).toBe(
      'read contacts: 1 of 150 contacts could not be read (5 attempts): Contact 42 is being merged.',
    );
    expect(partial).toMatchObject({ status: 207, hubspotCategory: 'VALIDATION_ERROR' });
    expect(sleeps).toEqual([375, 750, 1500, 3000]);
  });

  it('still fails the whole read for a refusal of the request itself', async () => {
    const scope = hubspot()
      .post(READ, readBody(['1']))
      .reply(400, { status: 'error', message: 'bad', category: 'VALIDATION_ERROR' });
    const { adapter } = anAdapter();

    const error = await adapter.readContacts(['1'], ['jobtitle']).catch((err: unknown) => err);

    scope.done();
    expect(error).toBeInstanceOf(HubSpotError);
    expect(error).not.toBeInstanceOf(PartialBatchError);
    expect(error).toMatchObject({ status: 400, category: 'bad-request' });
  });
});

describe('which ids of a 207 failed', () => {
  it('ignores ids that were not asked or came back anyway, and missing ones', () => {
    const answer = aBatchResponse(found(['1', '2']), [
      failedInput(['2', '3', '99']),
      notFound(['4']),
    ]) as Parameters<typeof failedIdsOf>[0];

    expect(failedIdsOf(answer, ['1', '2', '3', '4'])).toEqual(['3']);
  });

  it('finds none in an answer with only missing contacts', () => {
    const answer = aBatchResponse(found(['1']), [notFound(['2'])]) as Parameters<
      typeof failedIdsOf
    >[0];

    expect(failedIdsOf(answer, ['1', '2'])).toEqual([]);
  });
});
