// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {PlannedSystemBase} from "./PlannedSystemBase.sol";

/// @dev hub trETH -> TrETHAdapter (lockbox) -> spoke TrETHOFT -> other spoke -> back. Settled, spoke
///      supply equals the lockbox balance; in flight, spoke supply never exceeds it.
contract OFTRoundTripTest is PlannedSystemBase {
    uint256 internal constant DUST = 1e12;

    function _spokeSupply() internal view returns (uint256) {
        return alpha.token.totalSupply() + beta.token.totalSupply();
    }

    function test_send_hubToSpokeAndBack_succeeds() public {
        uint256 shares = _hubShares(alice, 10 ether);

        _sendTokens(address(adapter), alice, ALPHA_EID, alice, 4 ether);
        // In flight: locked on the hub, not yet minted on the spoke.
        assertEq(trETH.balanceOf(address(adapter)), 4 ether);
        assertEq(_spokeSupply(), 0);

        _deliverTo(ALPHA_EID, address(alpha.token));
        assertEq(alpha.token.balanceOf(alice), 4 ether);
        _assertBacked();

        _sendTokens(address(alpha.token), alice, HUB_EID, alice, 4 ether);
        // In flight back: burned on the spoke, still locked on the hub.
        assertEq(_spokeSupply(), 0);
        assertEq(trETH.balanceOf(address(adapter)), 4 ether);

        _deliverTo(HUB_EID, address(adapter));
        assertEq(trETH.balanceOf(alice), shares);
        assertEq(trETH.balanceOf(address(adapter)), 0);
        _assertBacked();
    }

    function test_send_spokeToSpoke_succeeds() public {
        _hubShares(alice, 10 ether);
        _sendTokens(address(adapter), alice, ALPHA_EID, alice, 6 ether);
        _deliverTo(ALPHA_EID, address(alpha.token));

        _sendTokens(address(alpha.token), alice, BETA_EID, bob, 2 ether);
        _deliverTo(BETA_EID, address(beta.token));
        assertEq(alpha.token.balanceOf(alice), 4 ether);
        assertEq(beta.token.balanceOf(bob), 2 ether);
        assertEq(trETH.balanceOf(address(adapter)), 6 ether, "spoke-to-spoke moves do not touch the lockbox");
        _assertBacked();

        _sendTokens(address(beta.token), bob, HUB_EID, bob, 2 ether);
        _deliverTo(HUB_EID, address(adapter));
        assertEq(trETH.balanceOf(bob), 2 ether);
        _assertBacked();
    }

    /// @dev Random amounts over hub -> alpha -> beta -> hub; conservation holds at every step.
    function testFuzz_send_roundTripConservesSupply_succeeds(
        uint256 assets,
        uint256 toAlpha,
        uint256 toBeta,
        uint256 toHub
    ) public {
        assets = bound(assets, 1 ether, 500 ether);
        uint256 shares = _hubShares(alice, assets);
        toAlpha = _dustFree(bound(toAlpha, DUST, shares));
        toBeta = _dustFree(bound(toBeta, 0, toAlpha));
        toHub = _dustFree(bound(toHub, 0, toBeta));

        _sendTokens(address(adapter), alice, ALPHA_EID, alice, toAlpha);
        assertLe(_spokeSupply(), trETH.balanceOf(address(adapter)));
        _deliverTo(ALPHA_EID, address(alpha.token));
        _assertBacked();

        if (toBeta > 0) {
            _sendTokens(address(alpha.token), alice, BETA_EID, alice, toBeta);
            assertLe(_spokeSupply(), trETH.balanceOf(address(adapter)));
            _deliverTo(BETA_EID, address(beta.token));
            _assertBacked();
        }
        if (toHub > 0) {
            _sendTokens(address(beta.token), alice, HUB_EID, alice, toHub);
            assertLe(_spokeSupply(), trETH.balanceOf(address(adapter)));
            _deliverTo(HUB_EID, address(adapter));
            _assertBacked();
        }

        assertEq(trETH.balanceOf(alice), shares - toAlpha + toHub);
        assertEq(alpha.token.balanceOf(alice), toAlpha - toBeta);
        assertEq(beta.token.balanceOf(alice), toBeta - toHub);
    }

    function _dustFree(uint256 amount) internal pure returns (uint256) {
        return amount - amount % DUST;
    }
}
