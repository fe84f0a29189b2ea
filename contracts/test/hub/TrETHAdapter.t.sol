// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IERC20Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {IOAppCore} from "@layerzerolabs/lz-evm-oapp-v2/contracts/oapp/interfaces/IOAppCore.sol";
import {
    IOFT,
    SendParam,
    OFTLimit,
    OFTReceipt,
    OFTFeeDetail,
    MessagingFee,
    MessagingReceipt
} from "@layerzerolabs/lz-evm-oapp-v2/contracts/oft/interfaces/IOFT.sol";
import {Origin} from "@layerzerolabs/lz-evm-protocol-v2/contracts/interfaces/ILayerZeroEndpointV2.sol";
import {RateLimiter} from "@layerzerolabs/lz-evm-oapp-v2/contracts/oapp/utils/RateLimiter.sol";
import {GUID} from "@layerzerolabs/lz-evm-protocol-v2/contracts/libs/GUID.sol";

import {PlannedSystemBase} from "../crosschain/PlannedSystemBase.sol";

/// @dev Hub side of the lockbox: what it takes on send, what it releases on receive, and whom it
///      listens to.
contract TrETHAdapterTest is PlannedSystemBase {
    address internal attacker = makeAddr("attacker");
    uint256 internal aliceShares;

    function setUp() public override {
        super.setUp();
        aliceShares = _hubShares(alice, 10 ether);
    }

    function _creditMessage(address to, uint64 amountSD) internal pure returns (bytes memory) {
        return abi.encodePacked(bytes32(uint256(uint160(to))), amountSD);
    }

    // ------------------------------------------------------------------ constructor

    function test_constructor_setsToken_succeeds() public view {
        assertEq(adapter.token(), address(trETH));
        assertTrue(adapter.approvalRequired(), "the lockbox pulls hub trETH");
        assertEq(adapter.sharedDecimals(), 6);
        assertEq(adapter.decimalConversionRate(), 1e12);
        assertEq(adapter.owner(), _contract("hub", "Timelock"), "the plan hands the lockbox to the timelock");
        assertEq(address(adapter.endpoint()), address(_endpointOf(HUB_EID)));
    }

    // ------------------------------------------------------------------ quotes

    function test_quoteSend_enforcedOptions_succeeds() public view {
        MessagingFee memory fee = adapter.quoteSend(_sendParam(ALPHA_EID, alice, 1 ether), false);
        assertGt(fee.nativeFee, 0);
        assertEq(fee.lzTokenFee, 0);
    }

    function test_quoteOFT_removesDust_succeeds() public view {
        SendParam memory param = _sendParam(ALPHA_EID, alice, 1 ether + 123);
        param.minAmountLD = 1 ether;
        (OFTLimit memory limit, OFTFeeDetail[] memory fees, OFTReceipt memory receipt) = adapter.quoteOFT(param);
        assertEq(limit.minAmountLD, 0);
        assertEq(fees.length, 0);
        assertEq(receipt.amountSentLD, 1 ether);
        assertEq(receipt.amountReceivedLD, 1 ether);
    }

    // ------------------------------------------------------------------ send

    function test_send_locksShares_succeeds() public {
        SendParam memory param = _sendParam(ALPHA_EID, bob, 4 ether);
        MessagingFee memory fee = adapter.quoteSend(param, false);
        bytes32 guid = GUID.generate(1, HUB_EID, address(adapter), ALPHA_EID, _toBytes32(address(alpha.token)));

        vm.expectEmit(address(trETH));
        emit IERC20.Transfer(alice, address(adapter), 4 ether);
        vm.expectEmit(address(adapter));
        emit IOFT.OFTSent(guid, ALPHA_EID, alice, 4 ether, 4 ether);
        vm.prank(alice);
        (MessagingReceipt memory msgReceipt, OFTReceipt memory oftReceipt) =
            adapter.send{value: fee.nativeFee}(param, fee, alice);

        assertEq(msgReceipt.guid, guid);
        assertEq(oftReceipt.amountSentLD, 4 ether);
        assertEq(oftReceipt.amountReceivedLD, 4 ether);
        assertEq(trETH.balanceOf(alice), aliceShares - 4 ether);
        assertEq(trETH.balanceOf(address(adapter)), 4 ether);
    }

    /// @dev Amounts travel in 6 decimals; the sub-1e12 remainder never leaves the sender.
    function test_send_dustStaysWithSender_succeeds() public {
        SendParam memory param = _sendParam(ALPHA_EID, alice, 1 ether + 123);
        param.minAmountLD = 1 ether;
        MessagingFee memory fee = adapter.quoteSend(param, false);
        vm.prank(alice);
        adapter.send{value: fee.nativeFee}(param, fee, alice);

        assertEq(trETH.balanceOf(address(adapter)), 1 ether);
        assertEq(trETH.balanceOf(alice), aliceShares - 1 ether);
    }

    function test_send_withoutApproval_reverts() public {
        vm.prank(bob);
        trETH.depositETH{value: 2 ether}(bob, 0);
        SendParam memory param = _sendParam(ALPHA_EID, bob, 1 ether);
        MessagingFee memory fee = adapter.quoteSend(param, false);

        vm.expectRevert(
            abi.encodeWithSelector(IERC20Errors.ERC20InsufficientAllowance.selector, address(adapter), 0, 1 ether)
        );
        vm.prank(bob);
        adapter.send{value: fee.nativeFee}(param, fee, bob);
    }

    function test_send_slippage_reverts() public {
        SendParam memory param = _sendParam(ALPHA_EID, alice, 1 ether + 123);
        MessagingFee memory fee = adapter.quoteSend(_sendParam(ALPHA_EID, alice, 1 ether), false);

        vm.expectRevert(abi.encodeWithSelector(IOFT.SlippageExceeded.selector, 1 ether, 1 ether + 123));
        vm.prank(alice);
        adapter.send{value: fee.nativeFee}(param, fee, alice);
    }

    /// @dev A rate limit alone opens no path: the peer check still refuses an unwired chain.
    function test_send_noPeer_reverts() public {
        RateLimiter.RateLimitConfig[] memory configs = new RateLimiter.RateLimitConfig[](1);
        (,, uint256 limit, uint256 window) = adapter.rateLimits(ALPHA_EID);
        configs[0] = RateLimiter.RateLimitConfig(99, limit, window);
        _prankOwner(address(adapter));
        adapter.setRateLimits(configs);
        SendParam memory param = _sendParam(99, alice, 1 ether);
        vm.expectRevert(abi.encodeWithSelector(IOAppCore.NoPeer.selector, uint32(99)));
        vm.prank(alice);
        adapter.send{value: 1 ether}(param, MessagingFee(1 ether, 0), alice);
    }

    // ------------------------------------------------------------------ lzReceive (unlock)

    function test_lzReceive_fromSpokePeer_succeeds() public {
        _sendTokens(address(adapter), alice, ALPHA_EID, alice, 4 ether);
        Origin memory origin = Origin(ALPHA_EID, _toBytes32(address(alpha.token)), 1);

        vm.expectEmit(address(adapter));
        emit IOFT.OFTReceived(bytes32("guid"), ALPHA_EID, bob, 1 ether);
        vm.prank(address(_endpointOf(HUB_EID)));
        adapter.lzReceive(origin, bytes32("guid"), _creditMessage(bob, 1e6), address(this), "");

        assertEq(trETH.balanceOf(bob), 1 ether);
        assertEq(trETH.balanceOf(address(adapter)), 3 ether);
    }

    /// @dev A spoke send addressed to the zero address, through the real endpoints: OFTAdapter's
    ///      transfer to address(0) would revert and leave the message stuck for good; the lockbox
    ///      releases to 0xdead instead, as the spokes mint there.
    function test_lzReceive_creditToZeroAddress_succeeds() public {
        _sendTokens(address(adapter), alice, ALPHA_EID, alice, 4 ether);
        _deliverTo(ALPHA_EID, address(alpha.token));
        _sendTokens(address(alpha.token), alice, HUB_EID, address(0), 1 ether);
        // 0xdead already holds the seed deposit's locked shares.
        uint256 deadBefore = trETH.balanceOf(address(0xdead));

        // Delivery reverts if the endpoint's lzReceive does: the credit must land.
        _deliverTo(HUB_EID, address(adapter));

        assertEq(trETH.balanceOf(address(0xdead)) - deadBefore, 1 ether);
        assertEq(trETH.balanceOf(address(adapter)), 3 ether);
        assertEq(alpha.token.totalSupply(), 3 ether);
        _assertBacked();
    }

    /// @dev The lockbox holds every spoke's backing: a forged unlock must never release it.
    function test_lzReceive_forgedSender_reverts() public {
        _sendTokens(address(adapter), alice, ALPHA_EID, alice, 4 ether);
        Origin memory forged = Origin(ALPHA_EID, _toBytes32(attacker), 1);

        vm.expectRevert(abi.encodeWithSelector(IOAppCore.OnlyPeer.selector, ALPHA_EID, _toBytes32(attacker)));
        vm.prank(address(_endpointOf(HUB_EID)));
        adapter.lzReceive(forged, bytes32(0), _creditMessage(attacker, 4e6), address(this), "");

        assertEq(trETH.balanceOf(address(adapter)), 4 ether);
        assertEq(trETH.balanceOf(attacker), 0);
    }

    // ------------------------------------------------------------------ owner-only configuration

    function test_setPeer_notOwner_reverts() public {
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, attacker));
        vm.prank(attacker);
        adapter.setPeer(ALPHA_EID, _toBytes32(attacker));
    }

    function test_setPeer_owner_succeeds() public {
        _prankOwner(address(adapter));
        vm.expectEmit(address(adapter));
        emit IOAppCore.PeerSet(ALPHA_EID, bytes32(0));
        adapter.setPeer(ALPHA_EID, bytes32(0));

        // Unwired, the path is closed both ways.
        vm.expectRevert(abi.encodeWithSelector(IOAppCore.NoPeer.selector, ALPHA_EID));
        adapter.quoteSend(_sendParam(ALPHA_EID, alice, 1 ether), false);
    }
}
