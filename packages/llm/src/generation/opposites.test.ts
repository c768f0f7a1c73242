import { describe, expect, it } from 'vitest';
import { oppositeSwap } from './opposites';

describe('oppositeSwap', () => {
  it('sees a direction or relation word flipped', () => {
    const s = 'By the time of the Miocene, a river system had developed that continued northward.';
    expect(oppositeSwap('What continued southward?', s)).toBe(1);
    expect(oppositeSwap('What continued northward?', s)).toBe(0);
    expect(
      oppositeSwap(
        'Who came into contact with Wales after the conquest?',
        'Even before the Conquest, the Normans had come into contact with Wales.',
      ),
    ).toBe(1);
  });

  it('stays quiet when the question has both words or the sentence has the asked one too', () => {
    expect(oppositeSwap('Is the upper or the lower canal longer?', 'The lower canal is longer.')).toBe(0);
    expect(oppositeSwap('What happened after the war?', 'Before and after the war, trade grew.')).toBe(0);
  });
});
