import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import './app/app.css';
import { engine } from './app/engineClient';
import { registerServiceWorker } from './app/serviceWorker';
import './app/serviceWorker.css';

// The engine worker starts before the first render, so its script and tfjs load while React renders
// (App's startEngine sends it the link's configuration; starting twice is a no-op).
engine.start();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);

// Offline and installable (built app only): see src/app/serviceWorker.ts.
registerServiceWorker();
