// REGISTRY_ABI (the interface clients use without the artifact) against the compiler's ABI.
import { Interface } from 'ethers';
import { REGISTRY_ABI } from '../../src/chain/registry-abi';
import { loadRegistryArtifact } from '../../src/chain/registry-artifact';

test('every function, event and error of REGISTRY_ABI is the compiled contract\'s, with the same selector', () => {
  const compiled = new Interface(loadRegistryArtifact().abi as never);
  const ours = new Interface(REGISTRY_ABI as unknown as string[]);
  ours.forEachFunction((f) => {
    const theirs = compiled.getFunction(f.selector);
    expect(theirs?.format('full')).toBe(f.format('full'));
  });
  ours.forEachEvent((e) => expect(compiled.getEvent(e.topicHash)?.format('full')).toBe(e.format('full')));
  ours.forEachError((e) => expect(compiled.getError(e.selector)?.format('full')).toBe(e.format('full')));
});

test('it covers every state-changing function a worker calls and every event', () => {
  const ours = new Interface(REGISTRY_ABI as unknown as string[]);
  for (const name of ['anchor', 'revoke', 'anchorOf', 'rootOf', 'revokedIn']) expect(ours.getFunction(name)).not.toBeNull();
  const compiled = new Interface(loadRegistryArtifact().abi as never);
  const events: string[] = [];
  compiled.forEachEvent((e) => events.push(e.name));
  for (const name of events.filter((n) => n !== 'AnchorerRotated' && !n.startsWith('Role'))) expect(ours.getEvent(name)).not.toBeNull();
});
