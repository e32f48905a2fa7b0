// The API explorer at /explorer: GraphiQL pointed at the router, with the
// signed-in user's token filled in. Works offline (nothing from a CDN).
import { useEffect, useRef, useState } from 'preact/hooks';
import { graphqlUrl, graphqlWsUrl } from '../config';
import { accessToken } from '../session';
import { Loading } from '../components/Status';

export function Explorer() {
  const container = useRef<HTMLDivElement>(null);
  const [failed, setFailed] = useState<string | null>(null);
  const [ready, setReady] = useState(false);
  useEffect(() => {
    document.title = 'API explorer · Jobgraph';
    let unmount: (() => void) | undefined;
    let current = true;
    import('../explorer/mount')
      .then(({ mountExplorer }) => {
        if (!current || !container.current) return;
        unmount = mountExplorer(container.current, { url: graphqlUrl, subscriptionUrl: graphqlWsUrl, token: accessToken() });
        setReady(true);
      })
      .catch((error) => setFailed(String(error)));
    return () => {
      current = false;
      unmount?.();
    };
  }, []);
  return (
    <section class="explorer" aria-label="API explorer">
      <h1 class="visually-hidden">API explorer</h1>
      {failed ? <p role="alert">The explorer failed to load: {failed}</p> : null}
      {!ready && !failed ? <Loading what="the explorer" /> : null}
      <div ref={container} class="explorer-frame" />
    </section>
  );
}
