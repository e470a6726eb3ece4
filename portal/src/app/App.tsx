import { Suspense } from 'react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import type { i18n as I18n } from 'i18next';
import { I18nextProvider } from 'react-i18next';
import { createBrowserRouter, Navigate, RouterProvider, type RouteObject } from 'react-router';
import { ApiError } from '../api/client';
import { LoginPage } from '../auth/LoginPage';
import { SessionProvider, useSession, useSessionContext } from '../auth/session';
import { LiveProvider } from '../live/live';
import { mayOpen, type PortalRoute } from './feature';
import { FEATURES } from './features';
import { Layout } from './Layout';
import { ForbiddenPage, NotFoundPage } from './StatusPages';

const allRoutes = (): PortalRoute[] => FEATURES.flatMap((feature) => feature.routes);

/** Where `/` leads: drivers to their own area, staff to the dashboard. */
function Home() {
  const session = useSession();
  if (session.totpSetupRequired) return <Navigate to="/account" replace />;
  return <Navigate to={session.kind === 'driver' ? '/me' : '/dashboard'} replace />;
}

function Guarded({ route }: { route: PortalRoute }) {
  const session = useSession();
  // A platform admin who must enrol a second factor can use nothing else until it is done.
  if (session.totpSetupRequired && route.path !== 'account') return <Navigate to="/account" replace />;
  if (!mayOpen(route.access, session)) return <ForbiddenPage />;
  return <>{route.element}</>;
}

/** Logged in: the shell with every page; logged out: the log-in page for any address. */
function Root() {
  const { session } = useSessionContext();
  if (session === null) return <LoginPage />;
  return (
    <LiveProvider enabled={session.kind === 'staff' && session.permissions.includes('stations:read')}>
      <Layout />
    </LiveProvider>
  );
}

export function buildRoutes(): RouteObject[] {
  const routes = allRoutes();
  return [
    ...routes
      .filter((route) => route.access.kind === 'public')
      .map((route) => ({
        path: `/${route.path}`,
        element: (
          <main id="main" className="public-main">
            <Suspense fallback={<p role="status">…</p>}>{route.element}</Suspense>
          </main>
        ),
      })),
    {
      path: '/',
      element: <Root />,
      children: [
        { index: true, element: <Home /> },
        ...routes
          .filter((route) => route.access.kind !== 'public')
          .map((route) => ({ path: route.path, element: <Guarded route={route} /> })),
        { path: '*', element: <NotFoundPage /> },
      ],
    },
  ];
}

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 10_000,
        // A 4xx will not get better by asking again.
        retry: (count, error) => !(error instanceof ApiError && error.status < 500) && count < 2,
        refetchOnWindowFocus: true,
      },
    },
  });
}

export function App({ i18n, queryClient }: { i18n: I18n; queryClient: QueryClient }) {
  const router = createBrowserRouter(buildRoutes());
  return (
    <I18nextProvider i18n={i18n}>
      <QueryClientProvider client={queryClient}>
        <SessionProvider fallback={<p role="status">…</p>}>
          <RouterProvider router={router} />
        </SessionProvider>
      </QueryClientProvider>
    </I18nextProvider>
  );
}
